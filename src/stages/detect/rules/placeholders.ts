/**
 * Values that fill the place of a secret without being one: template variables, masks,
 * documentation examples and our own redaction markers. Every rule's value passes through here.
 */

// Values published in vendor documentation; they look random but unlock nothing.
const KNOWN_DOCUMENTATION_VALUES: ReadonlySet<string> = new Set([
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'sk_test_26PHem9AhJZvU623DfE1x4sd',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'gho_16C7e42F292c6912E7710c838347Ae178B4a',
]);

// Words that mark a value as an example or a mask wherever they occur inside it; "your-db-password",
// "ihr-passwort", "votre_mdp" in any of our languages (short possessives only at the start, with a
// separator: inside a random token "mypw" is chance).
const PLACEHOLDER_FRAGMENT =
  /example|dummy|sample|placeholder|changeme|change_me|redacted|(?:(?:your|ihr|dein|votre|jouw|twoje|twój|ditt|vaše|senin)[_-]?|^(?:my|mon|ton|tu|su|mi|tuo|uw|seu|sua|dit|din|il[_-]tuo)[_-])(?:own[_-]?)?(?:[a-z]{1,12}[_-]){0,2}(?:api|secret|pass|pw|token|key|bot|client|kennwort|mot[_-]de[_-]passe|mdp|contrase|senha|wachtwoord|has[lł]o|l[öo]senord|adgangskode|heslo|[sş]ifre|parola)|replace[_-]?(?:me|with)|^[a-z_]{1,40}_here$|insert[_-]?(?:your|here)|x{4}|\*{3}|•{2}|\.{3}|…/i;

// Whole-value templates: ${VAR}, {{var}}, %VAR%, <password>, $VAR, [masked], all one character.
const PLACEHOLDER_SHAPE = /^(?:\$\{.*\}?|\{\{.*|\{%.*|%[A-Za-z_]+%|<.*>|\$[A-Z][A-Z0-9_]*|\[.*\]|(.)\1*)$/s;

// "Change" or "replace (me / with your …)" in the twelve languages, as the whole value or its first
// part: "ZMENIT", "CHANGER_MOI", "REEMPLAZAR_POR_TU_TOKEN", "ÄNDERN", "wijzigen". Without accents too.
const CHANGE_ME =
  /^(?:change|replace|ändern|aendern|andern|ersetzen|changer|remplacer|modifier|cambiar|reemplazar|cambiare|cambiami|sostituire|modificare|wijzigen|vervangen|aanpassen|alterar|mudar|substituir|trocar|zmie[nń]|zmienic|zmienić|zamie[nń]|ändra|andra|ersätt|ersatt|ændre|aendre|skift|erstat|zm[eě]nit|zmenit|nahradit|nahra[dď]|de[gğ]i[sş]tir)(?:[-_ .](?:me|moi|mich|mij|mi|me|to|with|par|por|con|door|por|na|mig|för|til|za|ile)\b.*|[-_ .]?!?)$/iu;
// A note that the value is still to come: "TODO", "TBD", "FIXME", "N/A" as the whole value.
const TO_COME = /^(?:todo|tbd|tba|fixme|n\/a|none|null|nil|empty)$/i;
// Python's configparser and logging interpolation: "%(DB_PASSWORD)s" names a value set elsewhere.
const INTERPOLATION = /^%\([\w.-]{1,64}\)[sdr]$/;
// The credential's own name as its value ("password: password", the base64 of "password" in a
// Kubernetes Secret, which the engine decodes before asking): an example, not a secret.
const BARE_CREDENTIAL_WORDS: ReadonlySet<string> = new Set(['password', 'passwort', 'passwd', 'secret']);

export function isPlaceholder(value: string): boolean {
  return (
    KNOWN_DOCUMENTATION_VALUES.has(value) ||
    PLACEHOLDER_FRAGMENT.test(value) ||
    PLACEHOLDER_SHAPE.test(value) ||
    CHANGE_ME.test(value) ||
    INTERPOLATION.test(value) ||
    TO_COME.test(value) ||
    BARE_CREDENTIAL_WORDS.has(value.toLowerCase())
  );
}

// Our own marker, possibly quoted back in a reply: never a secret, never part of one.
export const REDACTION_MARKER = /\[REDACTED:[a-z_]{1,32}\]/g;
