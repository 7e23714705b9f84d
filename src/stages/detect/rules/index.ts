import { azureKeyRules } from './azure-keys.js';
import { cloudTokenRules } from './cloud-tokens.js';
import { configAssignmentRules } from './config-assignments.js';
import { configKeyValueRules } from './config-key-value.js';
import { connectionStringRules } from './connection-strings.js';
import { devTokenRules } from './dev-tokens.js';
import { financialRules } from './financial.js';
import { frameworkKeyRules } from './framework-keys.js';
import { genericRules } from './generic.js';
import { genericBareKeyRules } from './generic-bare-key.js';
import { keyTableRules } from './key-tables.js';
import { nationalIdRules } from './national-ids.js';
import { passwordEvidenceRules } from './password-evidence.js';
import { passwordFileRules } from './password-files.js';
import { passwordLayoutRules } from './password-layouts.js';
import { passwordMarkupRules } from './password-markup.js';
import { passwordPairRules } from './password-pairs.js';
import { passwordSentenceRules } from './password-sentences.js';
import { passwordRules } from './passwords.js';
import { privateKeyRules } from './private-keys.js';
import { recoveryCodeRules } from './recovery-codes.js';
import type { Rule } from './rule.js';
import { serviceTokenRules } from './service-tokens.js';
import { urlCredentialRules } from './url-credentials.js';
import { vendorTokenRules } from './vendor-tokens.js';
import { vpnKeyRules } from './vpn-keys.js';
import { wrappedTokenRules } from './wrapped-tokens.js';

export type { MatchContext, Rule, Sample, Span } from './rule.js';

/** Every built-in rule. Order does not matter: overlaps are resolved by confidence, then length. */
export const RULES: readonly Rule[] = Object.freeze([
  ...privateKeyRules,
  ...vpnKeyRules,
  ...connectionStringRules,
  ...urlCredentialRules,
  ...cloudTokenRules,
  ...azureKeyRules,
  ...devTokenRules,
  ...serviceTokenRules,
  ...vendorTokenRules,
  ...wrappedTokenRules,
  ...genericRules,
  ...genericBareKeyRules,
  ...frameworkKeyRules,
  ...keyTableRules,
  ...configAssignmentRules,
  ...configKeyValueRules,
  ...financialRules,
  ...nationalIdRules,
  ...passwordRules,
  ...passwordLayoutRules,
  ...passwordMarkupRules,
  ...passwordEvidenceRules,
  ...passwordPairRules,
  ...passwordFileRules,
  ...passwordSentenceRules,
  ...recoveryCodeRules,
]);
