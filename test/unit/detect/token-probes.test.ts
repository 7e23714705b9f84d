import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

// Probe mails for tokens, keys and config secrets, written from how customers, admins and staff
// paste them (config layouts of every kind, shell and PowerShell, HTTP headers, logs, CSV and
// tab tables, prose in the desk languages, quoted replies, forwards, Subject lines, the Azure
// portal's key blades) before the rules were run on them; each names the secret the whole detector
// must cover. The hard negatives are the same layouts holding no secret: hashes, ids, data keys,
// references, license keys, one-time links. Values are invented for this file.
const detector = createDetector();
const covered = (text: string, secret: string) =>
  detector
    .scan(text)
    .some((m) => m.value.includes(secret) || (secret.includes(m.value) && m.value.length >= 4));

const FOUND: readonly (readonly [text: string, secret: string])[] = [
  [
    '[stripe]\nsecret_key = "sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg"\n',
    'sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg',
  ],
  [
    '[sendgrid]\napi_key = SG.xK7pL2mQ9vR4tN8wZ3yB6c.Dq1Fh5Jk9Lm3Np7Rs2Tv6Wx0Yz4Ab8Cd2Ef6Gh0Ij',
    'SG.xK7pL2mQ9vR4tN8wZ3yB6c.Dq1Fh5Jk9Lm3Np7Rs2Tv6Wx0Yz4Ab8Cd2Ef6Gh0Ij',
  ],
  ['[api]\nkey = Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1\n', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1'],
  [
    '[mailjet]\napikey = 4e7b2d9f1a3c5e8b0d6f2a9c7e1b3d5f\nsecretkey = 9c1e7a04b2d85f3e6a9b0c7d4e2f1a83\n',
    '9c1e7a04b2d85f3e6a9b0c7d4e2f1a83',
  ],
  ['[tool.poetry.http-basic.private]\nusername = "deploy"\npassword = "Vq7!mL2xR9"\n', 'Vq7!mL2xR9'],
  ['[services.payments]\napi_secret = "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['payments:\n  gateway:\n    api:\n      secret: "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'mailgun:\n  domain: mg.acme.de\n  key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  [
    'spring.datasource.url=jdbc:mysql://db:3306/shop\napp.jwt.secret=Kx9mQ2vL7tR4nW8zB3yC6dF1gH5jP0sA\n',
    'Kx9mQ2vL7tR4nW8zB3yC6dF1gH5jP0sA',
  ],
  ['mail.smtp.api-key=Tz5Rq8Lm2Xv7Nb4Kc9Wp3Yd6\n', 'Tz5Rq8Lm2Xv7Nb4Kc9Wp3Yd6'],
  ['<add key="PaymentApiSecret" value="Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2" />', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['<gateway apiKey="Tz5Rq8Lm2Xv7Nb4Kc9Wp3Yd6" mode="live"/>', 'Tz5Rq8Lm2Xv7Nb4Kc9Wp3Yd6'],
  ['{\n  "payments": {\n    "apiKey": "Tz5Rq8Lm2Xv7Nb4Kc9Wp3Yd6"\n  }\n}', 'Tz5Rq8Lm2Xv7Nb4Kc9Wp3Yd6'],
  [
    '{"credentials": {"client_id": "acme-shop", "client_secret": "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"}}',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  [
    'datadog_api_key = "31bf8d9c92938d2db8267a94322518d1"\nregion = "eu"\n',
    '31bf8d9c92938d2db8267a94322518d1',
  ],
  ['variable "api_token" {\n  default = "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"\n}', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'provider "cloudflare" {\n  api_token = "Xq7Lm2Rt9Vb4Nc8Zp1Ks6Hd3Fj0Ga5WkT2yR8uE"\n}',
    'Xq7Lm2Rt9Vb4Nc8Zp1Ks6Hd3Fj0Ga5WkT2yR8uE',
  ],
  ['export API_TOKEN=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\n./deploy.sh', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['export SHOP_API_KEY="Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['C:\\> set API_KEY=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\nC:\\> sync.exe', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['PS C:\\> $env:API_KEY = "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['PS> $env:SHOP_TOKEN="Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"; .\\sync.ps1', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    '[Environment]::SetEnvironmentVariable("API_KEY", "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2", "User")',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  ['docker run -e API_KEY=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 acme/sync', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['heroku config:set STRIPE_SECRET=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 -a shop', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'kubectl create secret generic api --from-literal=api-key=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  ['curl -H "X-API-Key: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2" https://api.acme.io/v1/orders', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'curl -H "Authorization: Bearer Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2xY" https://api.acme.io',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2xY',
  ],
  [
    'curl -H "Authorization: Token 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e" https://api.acme.io',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  [
    'GET /v1/orders HTTP/1.1\nHost: api.acme.io\nX-Auth-Token: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\n',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  [
    "wp_config: define( 'AUTH_KEY', 'k7$q2m!x9w#t4v_p8b(n1c=z6r@s3j-h5d+g0f^y2l*e7a&u4o' );",
    'k7$q2m!x9w#t4v_p8b(n1c=z6r@s3j-h5d+g0f^y2l*e7a&u4o',
  ],
  [
    '2024-03-02 10:14:03 ERROR auth failed api_key=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 status=401',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  [
    '[2024-03-02 10:14:03] WARN request token="Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2" rejected',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  ['GET /api/v2/products?api_key=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2&page=2 HTTP/1.1" 401', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['name,api_key,created\nshop-prod,Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2,2024-01-02\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Service\tAPI key\tOwner\nPayments\tHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\tOps\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Our API key is Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2, please check why it fails.', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Unser API-Schlüssel lautet Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 – bitte prüfen.', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Hier der API-Key: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Voici notre clé API : Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ["La clé d'API est Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 depuis lundi.", 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Nuestra clave de API: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['La chiave API è Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Onze API-sleutel: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['A chave de API é Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Nasz klucz API: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Klucz API to Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Vår API-nyckel är Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Vores API-nøgle: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Náš API klíč je Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['API anahtarımız: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['API anahtarı Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 olarak tanımlı.', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Das Access Token: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ["Le jeton d'accès : Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2", 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['El token de acceso es Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Il token di accesso: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Webhook-Secret: whsec_Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD', 'whsec_Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD'],
  ['Le secret du webhook : Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['> API key: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\n> Thanks', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['> > DD_API_KEY=31bf8d9c92938d2db8267a94322518d1', '31bf8d9c92938d2db8267a94322518d1'],
  ['**API key:** `Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2`', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Subject: Re: API Key Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 funktioniert nicht', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'TWILIO_API_KEY=SK2c1d34fd9bb6858ee2709c55f36f78dc\nTWILIO_API_SECRET=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF',
  ],
  ['Mailgun key: key-3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', 'key-3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  ['ALGOLIA_ADMIN_KEY=3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  ['PUSHER_APP_SECRET=7ad3773142a6692b25b8', '7ad3773142a6692b25b8'],
  ['AZURE_CLIENT_SECRET=Qx78Q~kL2mXv7Rb4Tn9Wc3Yp6Ds0FgH1jK5lZ8a', 'Qx78Q~kL2mXv7Rb4Tn9Wc3Yp6Ds0FgH1jK5lZ8a'],
  [
    'Azure OpenAI\nEndpoint: https://acme.openai.azure.com/\nKey 1: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  [
    'AZURE_STORAGE_KEY=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  ['Ocp-Apim-Subscription-Key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  [
    'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ4=',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ4=',
  ],
  [
    'Der Speicherkontoschlüssel (key1) ist Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  [
    'Translator Azure: Ocp-Apim-Subscription-Key 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e, region westeurope',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  ['Clé Azure Cognitive Services : 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  [
    'Azure Maps subscription key: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6',
  ],
  [
    'AzureWebJobsStorage=DefaultEndpointsProtocol=https;AccountName=acmefn;AccountKey=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==;EndpointSuffix=core.windows.net',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  [
    'https://acmestore.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2025-01-01T00:00:00Z&sig=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ%3D',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ%3D',
  ],
  ['amqps://shop:Rq7!vL2xW9@broker.acme.io:5671', 'Rq7!vL2xW9'],
  ['smtp password in nodemailer: smtps://noreply%40acme.de:Kp7vQ29xLm@mail.acme.de:465', 'Kp7vQ29xLm'],
  [
    'CLOUDINARY_URL=cloudinary://481736294018355:Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9Fj@acme',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9Fj',
  ],
  [
    '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',
    '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',
  ],
  ['glpat-Xq7Lm2Rt9Vb4Nc8Zp1Ks', 'glpat-Xq7Lm2Rt9Vb4Nc8Zp1Ks'],
  [
    'dop_v1_3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
    'dop_v1_3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  [
    'SECRET_KEY_BASE=3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  ['NEXTAUTH_SECRET=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2g=', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2g='],
  ['JWT_SECRET=3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  ['ENCRYPTION_KEY=3f9a1c7e5b2d8f4a', '3f9a1c7e5b2d8f4a'],
  ['P24_CRC=5d2e9a7c41b8f306', '5d2e9a7c41b8f306'],
  ['PAYU_SECOND_KEY=3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  ['REDSYS_SIGNATURE_KEY=sq7tHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9c', 'sq7tHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9c'],
  ['TPAY_SECURITY_CODE=Hq3Zt8Lm1Vc6Np0R', 'Hq3Zt8Lm1Vc6Np0R'],
  [
    'PAYPAL_CLIENT_SECRET=EHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF7gH1iJ5kL9mN3oP7qR1sT5uV9wX3yZ7aB1cD5eF9gH3',
    'EHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF7gH1iJ5kL9mN3oP7qR1sT5uV9wX3yZ7aB1cD5eF9gH3',
  ],
  ['WEBHOOK_SIGNING_SECRET=3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  ['SHOPWARE_ACCESS_KEY=SWIAQ3ZTOLM1VC6NP0RX4KB7WD', 'SWIAQ3ZTOLM1VC6NP0RX4KB7WD'],
  ['GOOGLE_CLIENT_SECRET=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', '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'],
  [
    'appsecret_proof / FACEBOOK_APP_SECRET=3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  [
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBhY21lYWNtZWFjbWVhY21lYWNtZWFjbWVhY21lYWNtZWFjbQAAAJg=\n-----END OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  ],
  ['KEY=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF'],
  ['API Key\tHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\nSecret\tZq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F\n', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  [
    'Client ID:\n\nacme-shop-prod\n\nClient Secret:\n\nZq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F\n',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F',
  ],
  ['API-Schlüssel:  Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2  (Produktion)', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Token (live): Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    '---------- Forwarded message ---------\nFrom: Ops <ops@acme.de>\n\nNeuer Token für die Schnittstelle: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\n',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  [
    '> export STRIPE_SECRET_KEY=sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg\n> php artisan serve',
    'sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg',
  ],
  ['> [mailgun]\n> api_key = 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  ['>   mailgun:\n>     key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e'],
  [
    'service;client_id;client_secret\nshop;acme-shop;Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F\n',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F',
  ],
  ['Dienst\tAPI-Schlüssel\tNotiz\nVersand\tHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2\tneu\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['"name","token","scope"\n"ci","Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2","read"\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Ecco il nostro token API: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['O token da API é Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Mój token API: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Vår API-token är Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['API-nøglen er Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Tajný klíč aplikace: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Gizli anahtarınız: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Erişim tokenı: Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Client-Secret: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['Le client secret est Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['Het client secret: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['Webhook-Signaturschlüssel: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['Mein Zugangsschlüssel lautet Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F.', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['Our Datadog API key is 31bf8d9c92938d2db8267a94322518d1', '31bf8d9c92938d2db8267a94322518d1'],
  ['Heroku API key: 9c0d0b58-5b3a-447d-8c61-0da4c0a35f4d', '9c0d0b58-5b3a-447d-8c61-0da4c0a35f4d'],
  ['Subject: API key Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 rejected', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Subject: Fwd: token=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 gibt 401', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'level=error msg="upstream 401" apikey=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2 path=/v1/orders',
    'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  ],
  ['{"level":"error","headers":{"x-api-key":"Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"}}', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['Request headers: { Authorization: "Bearer Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2xY" }', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2xY'],
  [
    'POST /oauth/token client_id=acme&client_secret=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F&grant_type=client_credentials',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F',
  ],
  [
    '<appSettings>\n  <add key="Stripe:SecretKey" value="sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg" />\n</appSettings>',
    'sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg',
  ],
  ['<ApiSecret>Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F</ApiSecret>', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['<property name="api.secret" value="Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F"/>', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['"Payments": { "ApiSecret": "Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F" }', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['$config[\'api_secret\'] = "Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F";', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['const API_SECRET = "Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F";', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ["apiSecret: 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F',", 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['API_SECRET := "Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F"', 'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F'],
  ['ENV API_TOKEN=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['  - name: API_TOKEN\n    value: "Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"\n', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  [
    'env:\n  - name: DD_API_KEY\n    value: 31bf8d9c92938d2db8267a94322518d1\n',
    '31bf8d9c92938d2db8267a94322518d1',
  ],
  ['Environment="API_TOKEN=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2"', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['SetEnv API_TOKEN Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['fastcgi_param API_TOKEN Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2;', 'Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2'],
  ['secrets:\n  stripe: sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg\n', 'sk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg'],
  [
    '[default]\naws_access_key_id = AKIAQ3ZT8LM1VC6NP0RX\naws_secret_access_key = Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH\n',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH',
  ],
  [
    '//registry.npmjs.org/:_authToken=npm_Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF7gH1',
    'npm_Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF7gH1',
  ],
  ['//npm.acme.io/:_authToken=3f9a1c7e-5b2d-4f4a-8c0e-9b7d1f3a5c2e', '3f9a1c7e-5b2d-4f4a-8c0e-9b7d1f3a5c2e'],
  [
    'machine api.acme.io\n  login deploy\n  password Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F\n',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9F',
  ],
  [
    'WEBHOOK_URL=https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9',
    'https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9',
  ],
  [
    'Azure Speech\n"SpeechKey": "7c2e9a41f03b4d6e8a5f1c7b9d2e0a36",\n"SpeechRegion": "westeurope"',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  [
    'AZURE_SPEECH_KEY=7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\nAZURE_SPEECH_REGION=westeurope',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  ['$env:AZURE_OPENAI_API_KEY = "7c2e9a41f03b4d6e8a5f1c7b9d2e0a36"', '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36'],
  [
    'az cognitiveservices account keys list ... \n{\n  "key1": "7c2e9a41f03b4d6e8a5f1c7b9d2e0a36",\n  "key2": "63a0e2d9b7c1f5a8e6d4b30f14a9e2c7"\n}',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  ['Azure Translator\nSchlüssel 1: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36', '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36'],
  [
    'Azure OpenAI: klucz 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36 (region swedencentral)',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  ['Our Azure OpenAI key is 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36', '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36'],
  ['Chave 1 do recurso Azure: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36', '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36'],
  ['Azure-resurs\nNyckel 1\n7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\n', '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36'],
  [
    'Azure Document Intelligence\nKEY 1\t7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\nEndpoint\thttps://acme.cognitiveservices.azure.com/',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  [
    'endpoint = "https://acme.openai.azure.com/"\napi_key = "7c2e9a41f03b4d6e8a5f1c7b9d2e0a36"',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  [
    'client = AzureOpenAI(api_key="7c2e9a41f03b4d6e8a5f1c7b9d2e0a36", azure_endpoint="https://acme.openai.azure.com")',
    '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  ],
  [
    'az storage blob list --account-name acmestore --account-key Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  [
    'Storage account acmestore, key1:\nZq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  [
    'AZURE_STORAGE_ACCOUNT_KEY="Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m=="',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  [
    'Cosmos DB primary key: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  ],
  [
    'Azure DevOps PAT: q7wx2lmzrt4vb6nc3zp6ks2hd5fjogaq7wx2lmart4vb5nc3zpaz',
    'q7wx2lmzrt4vb6nc3zp6ks2hd5fjogaq7wx2lmart4vb5nc3zpaz',
  ],
  [
    'git clone https://q7wx2lmzrt4vb6nc3zp6ks2hd5fjogaq7wx2lmart4vb5nc3zpaz@dev.azure.com/acme/shop/_git/shop',
    'q7wx2lmzrt4vb6nc3zp6ks2hd5fjogaq7wx2lmart4vb5nc3zpaz',
  ],
  [
    'Mein Personal Access Token für Azure DevOps lautet q7wx2lmzrt4vb6nc3zp6ks2hd5fjogaq7wx2lmart4vb5nc3zpaz',
    'q7wx2lmzrt4vb6nc3zp6ks2hd5fjogaq7wx2lmart4vb5nc3zpaz',
  ],
  [
    'https://acme-fn.azurewebsites.net/api/orders?code=Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1q==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1q==',
  ],
  [
    'x-functions-key: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1q==',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1q==',
  ],
  [
    'AZURE_CLIENT_SECRET=abc8Q~Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8',
    'abc8Q~Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8',
  ],
  [
    'AWS: AKIAQ3ZT8LM1VC6NP0RX / Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6',
  ],
  [
    'SendGrid: 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',
    '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',
  ],
  ['Fakturownia API token: Zq8Lm3Rt7Vb2Nc6Kp0X/acme', 'Zq8Lm3Rt7Vb2Nc6Kp0X'],
  ['ftp://backup:Tz5Rq8Lm2X@files.acme.de/exports', 'Tz5Rq8Lm2X'],
  ['Server: sftp://deploy:Hq3!Zt8Lm@203.0.113.10:22', 'Hq3!Zt8Lm'],
  ['webcal://kalender:Kp7vQ29xLm@cal.acme.de/team.ics', 'Kp7vQ29xLm'],
  ['caldav: https://anna%40acme.de:Kp7vQ29xLm@dav.acme.de/cal/', 'Kp7vQ29xLm'],
  ['proxy = http://jan:Winter2024!@proxy.acme.local:3128', 'Winter2024!'],
  ['export HTTPS_PROXY="http://svc_proxy:Qx81vbLw9@10.0.0.5:8080"', 'Qx81vbLw9'],
  [
    'git remote set-url origin https://oauth2:glpat-Xq7Lm2Rt9Vb4Nc8Zp1Ks@gitlab.acme.io/shop.git',
    'glpat-Xq7Lm2Rt9Vb4Nc8Zp1Ks',
  ],
  [
    'https://x-access-token:ghs_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF@github.com/acme/app.git',
    'ghs_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF',
  ],
  ['DATABASE_URL=postgresql+psycopg2://shop:Vx82kLmq7@db.internal:5432/orders', 'Vx82kLmq7'],
  ['spring.datasource.url=jdbc:postgresql://db:5432/shop?user=app&password=Vx82kLmq7', 'Vx82kLmq7'],
  [
    'Server=tcp:acme.database.windows.net,1433;Database=shop;User ID=app;Password=Vx82!kLmq;Encrypt=true',
    'Vx82!kLmq',
  ],
  ['mongodb+srv://app:Vx82kLmq7@cluster0.ab1cd.mongodb.net/shop', 'Vx82kLmq7'],
  ['redis://default:Vx82kLmq7Zt@redis-12345.c1.eu-west-1.ec2.cloud.redislabs.com:12345', 'Vx82kLmq7Zt'],
  ['amqp://guest2:Vx82kLmq7@rabbit:5672/%2f', 'Vx82kLmq7'],
  ['sentry+https://3f9a1c7e5b2d8f4a:9c1e7a04b2d85f3e@sentry.acme.io/4', '9c1e7a04b2d85f3e'],
  ['elasticsearch: https://elastic:Vx82kLmq7Zt@es.acme.io:9200', 'Vx82kLmq7Zt'],
  ['> > ftp://upload:Upl0ad2024x@ftp.acme.de', 'Upl0ad2024x'],
  [
    'Cookie: session=eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiNDIiLCJleHAiOjE3MTAwMDAwMDB9.Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ',
    'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiNDIiLCJleHAiOjE3MTAwMDAwMDB9.Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ',
  ],
  [
    'Il nostro token GitHub è ghp_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF',
    'ghp_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF',
  ],
  [
    'Slack bot: xoxb-123456789012-1234567890123-Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9',
    'xoxb-123456789012-1234567890123-Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9',
  ],
  ['Twilio Auth Token: 9c1e7a04b2d85f3e6a9b0c7d4e2f1a83', '9c1e7a04b2d85f3e6a9b0c7d4e2f1a83'],
  [
    'twilio:\n  account_sid: AC2c1d34fd9bb6858ee2709c55f36f78dc\n  auth_token: 9c1e7a04b2d85f3e6a9b0c7d4e2f1a83\n',
    '9c1e7a04b2d85f3e6a9b0c7d4e2f1a83',
  ],
  ['Shopify Admin API: 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', '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'],
  ['Mailchimp API key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e-us21', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e-us21'],
  [
    'Brevo: 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',
    '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',
  ],
  [
    'WooCommerce consumer secret: cs_3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e',
    'cs_3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e',
  ],
  ['Mollie live key: live_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB', 'live_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB'],
  [
    'PayPal client secret: EHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF7gH1iJ5kL9mN3oP7qR1sT5uV9wX3yZ7aB1cD5eF9gH3',
    'EHq3Zt8Lm1Vc6Np0Rx4Kb7Wd2aB9cD3eF7gH1iJ5kL9mN3oP7qR1sT5uV9wX3yZ7aB1cD5eF9gH3',
  ],
  [
    'Telegram bot token 1234567890:AAZq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD',
    '1234567890:AAZq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD',
  ],
  [
    'Discord bot token: MTIzNDU2Nzg5MDEyMzQ1Njc4.GZq8Lm.Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2',
    'MTIzNDU2Nzg5MDEyMzQ1Njc4.GZq8Lm.Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2',
  ],
  ['Bitly token: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e', '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e'],
  [
    'Cloudflare Global API Key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1',
    '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1',
  ],
  [
    'Hetzner API-Token: Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX',
    'Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX',
  ],
  ['Postmark Server Token: 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1', '5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1'],
  [
    'MAILERSEND_API_KEY=mlsn.3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
    'mlsn.3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  ],
  ['Stripe webhook secret whsec_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5c', 'whsec_Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5c'],
  ['Mailjet key: 9e4b7c2f1a8d3e6b0c5f9a2d7e1b4c8f', '9e4b7c2f1a8d3e6b0c5f9a2d7e1b4c8f'],
  ['Klucz Fakturownia: fK2hQ9xbWm4LzT7vRn1c', 'fK2hQ9xbWm4LzT7vRn1c'],
  ['Der Shopware-Zugangsschlüssel lautet SWIAQ3ZTOLM1VC6NP0RX4KB7WD', 'SWIAQ3ZTOLM1VC6NP0RX4KB7WD'],
  ['Nuestro token de Holded: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ', 'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ'],
  ['Heroku-Token: 9c0d0b58-5b3a-447d-8c61-0da4c0a35f4d', '9c0d0b58-5b3a-447d-8c61-0da4c0a35f4d'],
  [
    'Sentry auth token: sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtLb5Q',
    'sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtLb5Q',
  ],
  ['secret_key: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ', 'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ'],
  [
    'Access key ID: AKIAQ3ZT8LM1VC6NP0RX\nSecret access key: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Geheimer Zugriffsschlüssel: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    "Clé d'accès secrète : fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL",
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Clave de acceso secreta: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Chiave di accesso segreta: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Geheime toegangssleutel: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Chave de acesso secreta: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Tajny klucz dostępu: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Hemlig åtkomstnyckel: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Hemmelig adgangsnøgle: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Tajný přístupový klíč: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  [
    'Gizli erişim anahtarı: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
    'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ6mHr0XtL',
  ],
  ["Token d'API : fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ", 'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ'],
  ['Il nostro codice API è fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ', 'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ'],
  ['API-koden: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ', 'fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ'],
];

const CLEAN: readonly string[] = [
  'Licentiesleutel: Hq3Z-t8Lm-1Vc6-Np0R-x4Kb',
  'Pusher\napp_id = "1234567"\nkey = "7ad3773142a6692b25b8"\n',
  'build:\n  cache:\n    key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n',
  'variable "region" {\n  default = "westeurope-3f9a1c7e5b2d8f4a"\n}',
  'The API key field is empty, what should I enter?',
  'Der API-Schlüssel ist abgelaufen, bitte einen neuen erzeugen.',
  'La clé API ne fonctionne plus depuis la mise à jour.',
  'commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: Jan',
  'sha256: 9b74c9897bac770ffc029102a200c5de9b74c9897bac770ffc029102a200c5de',
  'request_id=0d19bd3f-12a2-4a73-a6ca-c0e3d265d7f5',
  '[build]\ncommit = 3f786850e387550fdab836ed7e6dc881de23001b\n',
  '[cache]\nkey = orders_by_customer\n',
  '[checksums]\nmd5 = 9b74c9897bac770ffc029102a200c5de\n',
  'TWILIO_ACCOUNT_SID=AC5e8f1a2b3c4d5e6f7a8b9c0d1e2f3a4b',
  'crc32 = 5d2e9a7c',
  'API_KEY=your-api-key-here',
  'export API_KEY=$(cat /run/secrets/api_key)',
  'PS> $env:API_KEY = Read-Host "API key"',
  'set API_KEY=%SHOP_API_KEY%',
  'ETag: "3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e"',
  'Tracking number: 1Z999AA10123456784',
  'Mi clave de API aparece como inválida en el panel.',
  'Il token è scaduto ieri sera.',
  'Token wygasł, proszę o nowy.',
  'API-nyckeln slutade fungera i går.',
  'Ordernummer: ORD-2024-88317, faktura 55120',
  'Bestellnummer 4711-0815-2024, Kundennummer K-88213',
  'https://acme.example/reset?token=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  'myapp://open/settings?tab=api',
  'git@github.com:acme/shop.git',
  'Version: 3.2.1-beta+build.20240302',
  'session_id=Hq3Zt8Lm1Vc6Np0Rx4Kb7Wd2',
  'Content-ID: <image001.png@01DA6C2B.3F9A1C70>',
  'x-request-id: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e',
  '<add key="ApiBaseUrl" value="https://api.acme.io/v2" />',
  'const API_VERSION = "2024-06-20";',
  '  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: api\n        key: token\n',
  'Environment="NODE_ENV=production"',
  'Dienst\tAPI-Schlüssel\tNotiz\nVersand\t(im Vault)\tneu\n',
  'service;client_id;client_secret\nshop;acme-shop;<im Tresor>\n',
  'Subject: Ihr API-Schlüssel läuft am 31.03. ab',
  'Le client secret a expiré hier.',
  'level=info msg="token refreshed" expires_in=3600',
  'apiKey: process.env.API_KEY,',
  'secretKeyRef:\n  name: shop-secrets\n  key: stripe-secret-key\n',
  'cache:\n  key: 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n',
  '[lfs]\nkey = 3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e\n',
  'integrity sha512-Zq8Lm3Rt7Vb2Nc6Kp0Xs4Hd9FjW1aB5cD8eF2gH6iJ0kL4mN7oP1qR5sT9uV3wX7yZ0aB4cD8eF2gH6iJ0kL4m==',
  'Rechnungsnummer: RE-2024-000123, Kundennummer: 100245',
  'Azure deployment failed.\nCorrelation ID: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\nTimestamp: 2024-03-02',
  'Azure subscription id: 5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1',
  'Azure Activity Log\nTracking id: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
  'Azure build 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36 succeeded',
  'Our Twilio Account SID is AC2c1d34fd9bb6858ee2709c55f36f78dc, is that enough for you?',
  'ftp://files.acme.de/exports (anonymous)',
  'https://user@acme.de/login',
  'Stripe publishable key: pk_live_51Hq8ZkL2mXv7Rb4Tn9Wc3Yp6Ds0Fg',
  'The GitHub token starts with ghp_ and is 40 characters long.',
  'Bitte senden Sie uns niemals Ihren API-Schlüssel per E-Mail.',
  'Our invoice INV-3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c2e was paid.',
  'Product key: fK2hQ9xbWm4LzT7vRn1cYqg8DkPs3NwZ',
  'Windows key: ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
  'Il codice API restituisce 401.',
  'Der geheime Zugriffsschlüssel wurde rotiert.',
];

describe('token and config-secret probes', () => {
  it.each(FOUND.map(([t, s]) => [t, s]))('covers the secret in %j', (text, secret) => {
    expect(
      covered(text, secret),
      detector
        .scan(text)
        .map((m) => `${m.type}:${m.value}`)
        .join(', '),
    ).toBe(true);
  });
  it.each(CLEAN.map((t) => [t]))('finds nothing in %j', (text) => {
    expect(detector.scan(text).map((m) => `${m.type}:${m.value}`)).toEqual([]);
  });
});
