/**
 * The most frequent short words (articles, pronouns, prepositions, auxiliaries) of each language we
 * write notices in. A trigram guess restricted to eight languages always names one of them, even
 * for Swedish or Czech; text really in that language is full of its function words (a fifth of
 * the words or more in a support mail), text in another language has a few by chance. Words that
 * several of these languages share are in each of their lists; the check is only ever for the
 * language the trigram guess chose.
 */
const LISTS: Readonly<Record<string, string>> = {
  en: 'the a an and or but is are was be been have has had do does did i me my we our you your it its this that these there to of in on at for with from by about not no can could would will should please since my just so if as what when how',
  de: 'der die das den dem des ein eine einen einem einer und oder aber ist sind war bin habe hat haben ich mich mir mein meine meinen wir uns unser unsere sie ihr ihnen es zu von mit auf für bei nach aus im am um an nicht kein keine kann können seit bitte wie was wenn noch auch schon sich dass ob',
  fr: 'le la les un une des du de et ou mais est sont était suis ai avons avez je me mon ma mes nous notre nos vous votre vos il elle ils on ce cette ces à au aux en dans pour avec sur par ne pas plus que qui depuis merci si',
  es: 'el la los las un una unos unas y o pero es son era estoy está están he ha hemos yo me mi mis nosotros nuestro nuestra usted ustedes su sus le les lo se de del al en con por para sin no que desde gracias muy si',
  it: 'il lo la i gli le un una uno e o ma è sono era ho ha abbiamo io mi mio mia miei noi nostro nostra vi voi ci si di del della dei delle al alla in con per da dal su non che più anche grazie se',
  nl: 'de het een en of maar is zijn was ben heb heeft hebben ik me mij mijn wij we ons onze u uw jij je het dit dat deze die er te van in op aan voor met bij naar uit om niet geen kan kunt sinds al nog ook wel dank',
  pt: 'o a os as um uma uns umas e ou mas é são era estou está estão tenho tem temos eu me meu minha meus nós nosso nossa você se seu sua de do da dos das ao à em no na nos nas com por para sem não que desde obrigado obrigada já',
  pl: 'i a w we z ze na do od po o u za przez dla nie tak czy to jest są był była mam ma mamy ja mnie mi mój moje moja mojego my nas nasz nasza się że jak ale już bardzo proszę dziękuję państwo państwa',
};

export const FUNCTION_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(LISTS).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

/** The share of `words` (lower case) that are function words of `lang`; 0 for a language not listed. */
export function functionWordShare(words: readonly string[], lang: string): number {
  const list = FUNCTION_WORDS.get(lang);
  if (!list || words.length === 0) return 0;
  let hits = 0;
  for (const w of words) if (list.has(w)) hits++;
  return hits / words.length;
}
