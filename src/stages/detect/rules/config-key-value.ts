import { compoundKey, keyKind, looseKey, realConfigValue } from './config-key-names.js';
import type { Rule } from './rule.js';

/**
 * Settings exported as a list of name/value objects, where the name is a field's value and not
 * the key: Postman environments (`{"key": "apiKey", "value": "…"}`), Kubernetes and ECS `env`
 * arrays in JSON (`{"name": "API_TOKEN", "value": "…"}`), CloudFormation parameters
 * (`"ParameterKey": …, "ParameterValue": …`). The name is judged as a configuration key is.
 */

// The name field, its quoted name, a comma and at most a line or two of blanks, the value field and
// its quoted value; every part bounded.
const NAME_THEN_VALUE =
  /"(?:key|name|ParameterKey)"[ \t]{0,3}:[ \t]{0,3}"([A-Za-z_][\w.-]{0,63})"[ \t]{0,3},[ \t\r\n]{0,40}"(?:value|ParameterValue)"[ \t]{0,3}:[ \t]{0,3}"([^"\\\r\n]{4,300})"/i;

export const configKeyValueRules: Rule[] = [
  {
    id: 'config-name-value-object',
    type: 'generic_api_key',
    rationale:
      'A credential in a list of name/value objects (Postman environment, Kubernetes env in JSON, CloudFormation parameters): the name field names it.',
    keywords: ['"value"', 'parametervalue'],
    pattern: NAME_THEN_VALUE,
    group: 2,
    validate: (v, ctx) => {
      const name = ctx.match?.[1] ?? '';
      return keyKind(name) === 'key' && realConfigValue('key', v, compoundKey(name) && !looseKey(name));
    },
    confidence: 0.8,
    samples: {
      match: [
        {
          text: '{\n  "key": "apiKey",\n  "value": "fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3",\n  "enabled": true\n}',
          secret: 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3',
        },
        {
          text: '"env": [{"name": "STRIPE_WEBHOOK_SECRET", "value": "Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP"}]',
          secret: 'Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP',
        },
      ],
      noMatch: [
        '{"key": "baseUrl", "value": "https://api.acme.io/v2"}',
        '{"key": "apiKey", "value": "{{apiKey}}"}',
        '{"name": "API_TOKEN_URL", "value": "Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP"}',
      ],
    },
  },
];
