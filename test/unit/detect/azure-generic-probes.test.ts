import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

// Probe mails written before the rules were run on them (round 7): Azure keys in every layout an
// admin pastes them in (appsettings.json, local.settings.json, .env, YAML, PowerShell, az CLI JSON
// output, the portal's blades as text), API keys of less common vendors and under the key names of
// the twelve desk languages (CSV and tab columns, a sentence, the next line after a label, a
// signature), framework secrets in every config layout; then hard negatives in the same layouts.
// Values are invented for this file.
const detector = createDetector();
const covered = (text: string, secret: string) =>
  detector
    .scan(text)
    .some((m) => m.value.includes(secret) || (secret.includes(m.value) && m.value.length >= 8));

const ACCT = 'kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==';
const ACCT2 = 'Nq1vXYGWVMTRoktefA5xFMwpRMewjyUHsQRHn0qXxAbEVRWPPAg7ZRJ9OSFYqvYpU3/JzeIYX8uOHGumtp+wwA==';
const COSMOS = 'iJIxddo9V/axRUM7JuFahVOD5zICkqrZSNqZe7ZTGtzMyjpBROAxvDHUDeexqYT6I2ucfv49l9f0qJpqAswOSg==';
const SBKEY = 'SC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os=';
const SIG = 'bxl30DmXdwhnLet9exPqEDtlDfLrtt8xigEF36DBo2o%3D';
const HEX = 'effefbabefa52bfc3c53486e2ed38906';
const CS = 'tL08Q~Sgxzz3o9QY3ZAWTSKMP1wo_zuqjGBXE2k';
const PAT52 = '6ntrkurwmstdlefcmcpwr4gmiohphpz7wuyfkkgxvwbkoci6b57n';
const FN = 'y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ==';
const R32 = 'fybTL7Wj5bVRiWoqab7mq5bRgKhmE3H3';
const R40 = '8pExGIvoi7NvNbfe9bLYm9ageWwMtzKWPMURLVRB';
const R24 = 'AnHcZKqxoyanokUVNu5YGzeH';
const LARAVEL = 'base64:aWCxWcCU5xLdVqM7jmVO9FFdpETSJ22Gs6cMDVS2K44=';
const DJANGO = 'hv#ItcN)jl_N39UFiUd7^K#)^Gb6ouRNTjAdJF6C0prST@lx#p';
const RAILS =
  'b5d2c1132c6702214967fb5e24e60b1b2ebc8f27c10f022949000c02299f04e270dc06cbebc8d3bf312dc19f9204cfa875d2b13a9452c7c6a1be8cfbb07c0f09';
const SYMF = 'f80fe0f3cc028ac0406dc7640d9fb872';
const FLASK = '302663e51259f18e54be72c504f10783219248d980ba31dd';
const UUID1 = '5f1e2d3c-4b5a-4697-8877-66a5b4c3d2e1';
const UUID2 = '9a8b7c6d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';

const AZURE: readonly (readonly [string, string])[] = [
  // Storage account keys under every name and layout.
  [`{\n  "Storage": {\n    "AccountName": "acmeshop",\n    "AccountKey": "${ACCT}"\n  }\n}`, ACCT],
  [
    `{\n  "ConnectionStrings": {\n    "Blob": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${ACCT};EndpointSuffix=core.windows.net"\n  }\n}`,
    ACCT,
  ],
  [
    `{\n  "IsEncrypted": false,\n  "Values": {\n    "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=acmefn;AccountKey=${ACCT}",\n    "FUNCTIONS_WORKER_RUNTIME": "node"\n  }\n}`,
    ACCT,
  ],
  [`AZURE_STORAGE_ACCOUNT=acmeshop\nAZURE_STORAGE_KEY=${ACCT}\n`, ACCT],
  [`STORAGE_ACCOUNT_KEY="${ACCT}"\n`, ACCT],
  [`BLOB_KEY=${ACCT}\n`, ACCT],
  [`storage:\n  account: acmeshop\n  accessKey: ${ACCT}\n`, ACCT],
  [`blob:\n  account_name: acme\n  account_key: "${ACCT}"\n`, ACCT],
  [`$ctx = New-AzStorageContext -StorageAccountName "acmeshop" -StorageAccountKey "${ACCT}"`, ACCT],
  [`$key = "${ACCT}"\nNew-AzStorageContext -StorageAccountName acme -StorageAccountKey $key`, ACCT],
  [`PS C:\\> $env:AZURE_STORAGE_KEY = "${ACCT}"`, ACCT],
  [
    `$ az storage account keys list -g rg-shop -n acmeshop\n[\n  {\n    "creationTime": "2024-03-01T10:00:00+00:00",\n    "keyName": "key1",\n    "permissions": "FULL",\n    "value": "${ACCT}"\n  },\n  {\n    "keyName": "key2",\n    "permissions": "FULL",\n    "value": "${ACCT2}"\n  }\n]`,
    ACCT2,
  ],
  [
    `Access keys\n\nkey1\nRotate key\nKey\n${ACCT}\nConnection string\nDefaultEndpointsProtocol=https;AccountName=acme;AccountKey=...\n`,
    ACCT,
  ],
  [`Zugriffsschlüssel\n\nkey1\nSchlüssel\n${ACCT}\n`, ACCT],
  [`Hier der Schlüssel für das Speicherkonto acmeshop:\n${ACCT}\n`, ACCT],
  [`Voici la clé du compte de stockage : ${ACCT}`, ACCT],
  [`Klucz konta magazynu: ${ACCT}`, ACCT],
  [`Blob container key (acmebackup): ${ACCT}`, ACCT],
  [`> AccountKey=${ACCT}\n> EndpointSuffix=core.windows.net`, ACCT],
  [`Subject: Fwd: storage key for the export job\n\n${ACCT}\n`, ACCT],
  [`Primary key (Cosmos DB): ${COSMOS}`, COSMOS],
  [`AccountEndpoint=https://acme.documents.azure.com:443/;AccountKey=${COSMOS};`, COSMOS],
  [`cosmos:\n  endpoint: https://acme.documents.azure.com:443/\n  key: ${COSMOS}\n`, COSMOS],
  [
    `"CosmosDb": {\n  "Endpoint": "https://acme.documents.azure.com:443/",\n  "PrimaryKey": "${COSMOS}"\n}`,
    COSMOS,
  ],
  [`Azure Cosmos DB\nPRIMARY KEY\n${COSMOS}\nSECONDARY KEY\n`, COSMOS],
  // Service Bus, Event Hubs, SignalR, Web PubSub, Communication Services connection strings.
  [
    `Endpoint=sb://acme-hub.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${SBKEY};EntityPath=orders`,
    SBKEY,
  ],
  [
    `"EventHubConnection": "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=${SBKEY}"`,
    SBKEY,
  ],
  [
    `Azure__SignalR__ConnectionString=Endpoint=https://acme.service.signalr.net;AccessKey=${SBKEY};Version=1.0;`,
    SBKEY,
  ],
  [`endpoint=https://acme.communication.azure.com/;accesskey=${ACCT}`, ACCT],
  [`Service Bus primary key: ${SBKEY}`, SBKEY],
  [
    `Primary Connection String\nEndpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${SBKEY}`,
    SBKEY,
  ],
  // SAS tokens and URLs.
  [
    `https://acmeshop.blob.core.windows.net/backups/db.bak?sp=r&st=2024-03-01T09:00:00Z&se=2024-03-08T17:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${SIG}`,
    SIG,
  ],
  [
    `SAS token: sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-06-30T18:00:00Z&st=2024-06-01T10:00:00Z&spr=https&sig=${SIG}`,
    SIG,
  ],
  [`"sasToken": "?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&sig=${SIG}"`, SIG],
  [`SharedAccessSignature sr=acme.servicebus.windows.net%2forders&sig=${SIG}&se=1735689600&skn=send`, SIG],
  [
    `azcopy copy ./export "https://acme.blob.core.windows.net/in?sv=2021-08-06&se=2024-12-31&sr=c&sp=rw&sig=${SIG}"`,
    SIG,
  ],
  // Entra ID client secrets beside their ids.
  [`Tenant ID: ${UUID1}\nClient ID: ${UUID2}\nClient secret: ${CS}\n`, CS],
  [
    `{\n  "appId": "${UUID2}",\n  "displayName": "shop-deploy",\n  "password": "${CS}",\n  "tenant": "${UUID1}"\n}`,
    CS,
  ],
  [`Description\tExpires\tValue\tSecret ID\nshop-ci\t3/1/2026\t${CS}\t${UUID1}\n`, CS],
  [`El secreto de cliente de la aplicación es ${CS}`, CS],
  [`AzureAd:\n  TenantId: ${UUID1}\n  ClientId: ${UUID2}\n  ClientSecret: ${CS}\n`, CS],
  [`"AzureAd": {\n  "Instance": "https://login.microsoftonline.com/",\n  "ClientSecret": "${CS}"\n}`, CS],
  [`az login --service-principal -u ${UUID2} -p ${CS} --tenant ${UUID1}`, CS],
  [`Das Geheimnis der App-Registrierung:\n${CS}`, CS],
  [`Wartość sekretu klienta: ${CS}`, CS],
  // Azure DevOps PATs.
  [`AZURE_DEVOPS_EXT_PAT=${PAT52}`, PAT52],
  [`$pat = "${PAT52}"\n$url = "https://dev.azure.com/acme/_apis/projects"`, PAT52],
  [`echo ${PAT52} | az devops login --organization https://dev.azure.com/acme`, PAT52],
  [`Token osobisty (Azure DevOps): ${PAT52}`, PAT52],
  // Functions keys.
  [`https://acme-fn.azurewebsites.net/api/HttpTrigger?code=${FN}&name=shop`, FN],
  [`"x-functions-key": "${FN}"`, FN],
  [`Function key (default): ${FN}\nURL: https://acme-fn.azurewebsites.net/api/orders`, FN],
  [`Funktionsschlüssel der Function App: ${FN}`, FN],
  // API Management subscription keys and AI keys.
  [`curl https://acme.azure-api.net/orders/v1 -H "Ocp-Apim-Subscription-Key: ${HEX}"`, HEX],
  [`API Management\nPrimary key: ${HEX}\nSecondary key: 8e2cbbc1422e4092f3bf79e103a65500`, HEX],
  [`Abonnementschlüssel (Azure API Management): ${HEX}`, HEX],
  [
    `$headers = @{ "api-key" = "${HEX}" }\nInvoke-RestMethod -Uri "https://acme.openai.azure.com/openai/deployments/gpt/chat/completions" -Headers $headers`,
    HEX,
  ],
  [`azure:\n  translator:\n    key: ${HEX}\n    region: westeurope\n`, HEX],
  [`AzureOpenAI__ApiKey=${HEX}`, HEX],
  [`Il nostro endpoint Azure OpenAI è https://acme.openai.azure.com e la chiave è ${HEX}`, HEX],
  [`Azure Speech – klíč 1: ${HEX}`, HEX],
];

const GENERIC: readonly (readonly [string, string])[] = [
  // The desk languages' key names, in a sentence, a label, the next line, a table.
  [`Voici la clé API de production : ${R32}`, R32],
  [`Der API-Schlüssel für das Shop-Backend lautet ${R32}.`, R32],
  [`A chave de API é ${R32}`, R32],
  [`Nasz klucz API do panelu: ${R32}`, R32],
  [`API-nyckel:\n${R32}\n`, R32],
  [`Vores API-nøgle til webshoppen: ${R32}`, R32],
  [`API klíč pro e-shop: ${R32}`, R32],
  [`API anahtarı aşağıda:\n${R32}`, R32],
  [`La clave API es ${R32}`, R32],
  [`La chiave API del gestionale è ${R32}`, R32],
  [`Onze API-sleutel: ${R32}`, R32],
  [`API-Key\n\n${R32}\n\nViele Grüße`, R32],
  [`service,api_key,owner\nshop,${R32},ops\n`, R32],
  [`Dienst;API-Schlüssel;Notiz\nVersand;${R32};neu\n`, R32],
  [`Tjänst\tAPI-nyckel\tÄgare\nWebshop\t${R32}\tIT\n`, R32],
  [`"name","token","created"\n"deploy","${R40}","2024-03-01"\n`, R40],
  [`Mit freundlichen Grüßen\nJan Meier\nACME GmbH | API-Key (Sandbox): ${R32}`, R32],
  [`> > API key: ${R32}\n> Thanks, rotated.`, R32],
  [`Subject: API key ${R32} stopped working`, R32],
  // HTML tables and paragraphs as extract/html-text renders them.
  [`\nHallo,\n\n\n\tAPI Key\t\t${R32}\t\n\n\tTenant\t\tacme\t\n`, R32],
  [`\n\n\nKlucz API\n\n${R32}\n`, R32],
  [`\nClient secret\n\n${CS}\n`, CS],
  [`API Key\t${R32}`, R32],
  [`access key id: AKIA... no, the API secret: ${R40}`, R40],
  // Vendors without a prefix of their own (gitleaks' keyword rules).
  [`Algolia Admin API Key: ${HEX}`, HEX],
  [`ALGOLIA_ADMIN_KEY=${HEX}`, HEX],
  [`Okta API token: 00${R40}`, `00${R40}`],
  [`OKTA_API_TOKEN=00${R40}`, `00${R40}`],
  [`zendesk:\n  subdomain: acme\n  token: ${R40}\n`, R40],
  [`Zendesk API token: ${R40}`, R40],
  [`Asana personal access token: 2/1204567890123456/1206543210987654:${HEX}`, HEX],
  [`SUMO_ACCESS_KEY=${R40}${R24}`, `${R40}${R24}`],
  [`FASTLY_API_TOKEN=${R32}`, R32],
  [`Fastly token: ${R32}`, R32],
  [`SNYK_TOKEN=${UUID1}`, UUID1],
  [`Snyk API token: ${UUID1}`, UUID1],
  [`launchdarkly:\n  sdk_key: sdk-${UUID1}\n`, `sdk-${UUID1}`],
  [`LAUNCHDARKLY_ACCESS_TOKEN=api-${UUID1}`, `api-${UUID1}`],
  [`COHERE_API_KEY=${R40}`, R40],
  [`Cohere API key: ${R40}`, R40],
  [`MESSAGEBIRD_API_KEY=${R24}x`, `${R24}x`],
  [`gocardless access token: live_${R40}`, `live_${R40}`],
  [`LOB_API_KEY=live_${HEX}abc`, `live_${HEX}abc`],
  [`TRAVIS_TOKEN=${R24.slice(0, 22)}`, R24.slice(0, 22)],
  [`CODECOV_TOKEN=${UUID1}`, UUID1],
  [`RAPIDAPI_KEY=${R40}${R32.slice(0, 10)}`, `${R40}${R32.slice(0, 10)}`],
  [`X-RapidAPI-Key: ${R40}${R32.slice(0, 10)}`, `${R40}${R32.slice(0, 10)}`],
  [`Trello API key: ${HEX}\nTrello token: ATTA${HEX}${HEX}A1B2C3D4`, `ATTA${HEX}${HEX}A1B2C3D4`],
  [`BUNDLE_ENTERPRISE__CONTRIBSYS__COM=cafeb4be:d3adbeef`, 'cafeb4be:d3adbeef'],
  [`MATTERMOST_TOKEN=${R24}ab`, `${R24}ab`],
  ['Mailchimp Transactional (Mandrill) key: md-Zk3mV9xR2tY7wZ1aB4cD5e', 'md-Zk3mV9xR2tY7wZ1aB4cD5e'],
  [`Freemius secret key: sk_${R24}abcde`, `sk_${R24}abcde`],
  [
    `INTERCOM_ACCESS_TOKEN=dG9rOjEyMzQ1Njc4X2FiY2RfNDU2N184OTBhX2JjZGVmMDEyMzQ1Njc4OjE6MA==`,
    'dG9rOjEyMzQ1Njc4X2FiY2RfNDU2N184OTBhX2JjZGVmMDEyMzQ1Njc4OjE6MA==',
  ],
  [`Etsy keystring: ${R24}`, R24],
  [`Finnhub API key: ${R24.slice(0, 20)}`, R24.slice(0, 20)],
  [`NYTIMES_API_KEY=${R32}`, R32],
  [`Shippo: shippo_live_${HEX}${HEX.slice(0, 8)}`, `shippo_live_${HEX}${HEX.slice(0, 8)}`],
];

// Round two: headers, query strings, CLI flags, exported settings and hex or UUID keys under a
// strong key name with no vendor named.
const GENERIC_MORE: readonly (readonly [string, string])[] = [
  [`Token API: ${R32}`, R32],
  [`El token de la API: ${R32}`, R32],
  [`Ecco il token di accesso:\n${R32}`, R32],
  [`API-nøglen er ${R32}`, R32],
  [`API-nyckeln är ${R32}`, R32],
  [`API klíč je ${R32}`, R32],
  [`Klucz dostępu do API to ${R32}`, R32],
  [`Chave de acesso da API: ${R32}`, R32],
  [`Clé secrète de l'API : ${R32}`, R32],
  [`API anahtarımız şu: ${R32}`, R32],
  [`X-Auth-Token: ${R32}`, R32],
  [`x-access-token: ${R32}`, R32],
  [`Authorization: ApiKey ${R32}`, R32],
  [`Authorization: Api-Key ${R32}`, R32],
  [`Authorization: SSWS 00${R40}`, `00${R40}`],
  [`Authorization: key=${R40}`, R40],
  [`Authorization: Token token="${R32}"`, R32],
  [`{"access_token":"${R40}","token_type":"bearer","expires_in":3600}`, R40],
  [`GET https://api.acme.io/v1/orders?apikey=${R32}&page=2`, R32],
  [`acme-cli sync --api-key ${R32} --verbose`, R32],
  [`acme-cli login --token=${R32}`, R32],
  [`curl -H "apikey: ${R32}" https://xyz.acme.io/rest/v1/orders`, R32],
  [`{\n  "key": "apiKey",\n  "value": "${R32}",\n  "enabled": true\n}`, R32],
  [`stringData:\n  api-key: ${R32}\n`, R32],
  [`env:\n  API_TOKEN: ${R32}\n`, R32],
  [`DEBUG Request headers: {'X-Api-Key': '${R32}', 'Accept': 'application/json'}`, R32],
  [`level=debug msg="calling api" apikey=${R32} status=401`, R32],
  [`Our API key: ${HEX}`, HEX],
  [`API key: ${UUID1}`, UUID1],
  [`Der API-Key lautet ${HEX}`, HEX],
  [`Klucz API: ${UUID1}`, UUID1],
  [`API token\n${HEX}\n`, HEX],
  [`access token: ${HEX}${HEX.slice(0, 8)}`, `${HEX}${HEX.slice(0, 8)}`],
  [`client_secret=${HEX}`, HEX],
  [`"apiKey": "${UUID1}"`, UUID1],
  [`Hej! Här kommer nyckeln till API:et: ${R32}`, R32],
  [`Her er API-nøglen, som I bad om:\n\n${R32}\n\nMvh`, R32],
];

// Round three: the desk languages around Azure account keys, signing and webhook secrets in hex,
// package-manager files.
const ROUND_THREE: readonly (readonly [string, string])[] = [
  [`Chave de acesso da conta de armazenamento: ${ACCT}`, ACCT],
  [`Clave de acceso (key1): ${ACCT}`, ACCT],
  [`Klíč účtu úložiště: ${ACCT}`, ACCT],
  [`Depolama hesabı erişim anahtarı: ${ACCT}`, ACCT],
  [`Lagringskontots åtkomstnyckel:\n${ACCT}`, ACCT],
  [`Adgangsnøgle til lagerkontoen: ${ACCT}`, ACCT],
  [`La chiave dell'account di archiviazione è ${ACCT}`, ACCT],
  [`Toegangssleutel van het opslagaccount: ${ACCT}`, ACCT],
  [`Signing secret: ${HEX}`, HEX],
  [`Webhook secret: ${HEX}`, HEX],
  [`Encryption key: ${HEX}${HEX}`, `${HEX}${HEX}`],
  [`Shared secret = ${HEX}`, HEX],
  [`Client ID: ${UUID2}\nClient Secret: ${UUID1}`, UUID1],
  [`Token d'accès : ${HEX}`, HEX],
  [`Zugangstoken: ${UUID1}`, UUID1],
  [`//registry.npmjs.org/:_authToken=${UUID1}`, UUID1],
  [`"auth_token": "${HEX}"`, HEX],
  [`API Key (Live): ${R32}`, R32],
  [`API key — ${R32}`, R32],
  [`Chiave API (produzione): ${R32}`, R32],
  [`Nøgle til API'et: ${R32}`, R32],
  // Account keys hard-wrapped by a PDF paste or a quoted reply.
  [`AccountName=acme;AccountKey=${ACCT.slice(0, 40)}\n${ACCT.slice(40)}`, ACCT.slice(40)],
  [`> Speicherkonto-Schlüssel:\n> ${ACCT.slice(0, 70)}\n> ${ACCT.slice(70)}\n`, ACCT.slice(70)],
];

const FRAMEWORK: readonly (readonly [string, string])[] = [
  [`APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=${LARAVEL}\nAPP_DEBUG=false\n`, LARAVEL],
  [`environment:\n  - APP_KEY=${LARAVEL}\n  - DB_HOST=db\n`, LARAVEL],
  [`environment:\n  APP_KEY: "${LARAVEL}"\n`, LARAVEL],
  [`'key' => env('APP_KEY', '${LARAVEL}'),`, LARAVEL],
  [`Laravel APP_KEY: ${LARAVEL}`, LARAVEL],
  [`APP_KEY=${R32}\n`, R32],
  [`SECRET_KEY = '${DJANGO}'\nDEBUG = False\n`, DJANGO],
  [`SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${DJANGO}")`, DJANGO],
  [`DJANGO_SECRET_KEY=${DJANGO}\n`, DJANGO],
  [`"SECRET_KEY": "${DJANGO}",`, DJANGO],
  [`production:\n  secret_key_base: ${RAILS}\n`, RAILS],
  [`SECRET_KEY_BASE=${RAILS}`, RAILS],
  [`RAILS_MASTER_KEY=${HEX}`, HEX],
  [`config/master.key:\n${HEX}\n`, HEX],
  [`Hier der Inhalt von config/master.key: ${HEX}`, HEX],
  [`APP_SECRET=${SYMF}\n`, SYMF],
  [
    `###> symfony/framework-bundle ###\nAPP_ENV=prod\nAPP_SECRET=${SYMF}\n###< symfony/framework-bundle ###`,
    SYMF,
  ],
  [`framework:\n    secret: ${SYMF}\n`, SYMF],
  [`app.config['SECRET_KEY'] = '${FLASK}'`, FLASK],
  [`app.secret_key = "${FLASK}"`, FLASK],
  [`FLASK_SECRET_KEY=${FLASK}`, FLASK],
  [`app.use(session({\n  secret: '${R32}',\n  resave: false,\n}))`, R32],
  [`app.use(cookieParser('${R32}'))`, R32],
  [`SESSION_SECRET=${R32}`, R32],
  [`NEXTAUTH_SECRET=${LARAVEL.slice(7)}`, LARAVEL.slice(7)],
  [`JWT_SECRET=${R40}`, R40],
  [
    `<machineKey validationKey="${RAILS.toUpperCase()}" decryptionKey="${FLASK.toUpperCase()}" validation="HMACSHA256" decryption="AES" />`,
    RAILS.toUpperCase(),
  ],
  [
    `define( 'AUTH_KEY',         'Q|7+kL2-mXv7Rb4(Tn9Wc3Yp6Ds0Fg[H1jK5lZ8a%eR2' );`,
    'Q|7+kL2-mXv7Rb4(Tn9Wc3Yp6Ds0Fg[H1jK5lZ8a%eR2',
  ],
  [`jwt:\n  secret: ${R40}\n`, R40],
  [`spring.security.oauth2.client.registration.azure.client-secret=${CS}`, CS],
  [`config.secret_key_base = "${RAILS}"`, RAILS],
];

const CLEAN: readonly string[] = [
  `"integrity": "sha512-${ACCT}"`,
  'AZURE_STORAGE_KEY=<your-storage-key>',
  'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
  `Tenant ID: ${UUID1}\nClient ID: ${UUID2}\nSecret ID: ${UUID1}`,
  `Azure subscription: ${UUID1}\nResource group: rg-shop`,
  '"keyName": "key1",\n"permissions": "FULL"',
  'CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL);',
  'Der Schlüssel 1 des Speicherkontos wurde gestern rotiert.',
  'https://acme.blob.core.windows.net/public/logo.png',
  'https://acme-fn.azurewebsites.net/api/HttpTrigger?name=shop',
  'Ocp-Apim-Subscription-Key: {{subscriptionKey}}',
  'AzureWebJobsStorage=UseDevelopmentStorage=true',
  `InstrumentationKey=${UUID1};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`,
  `Azure correlation id ${HEX} (please quote it)`,
  'API version: 2024-06-01',
  'Die API-Schlüssel wurden alle rotiert, bitte neu anfordern.',
  'La clé API ne fonctionne plus depuis ce matin.',
  'Klucz API wygasł wczoraj.',
  'API anahtarı geçersiz hatası alıyorum.',
  `commit ${HEX}a1b2c3d4 fixed the token refresh`,
  `Message-ID: <${R32}@mail.acme.de>`,
  `Content-ID: <image001.png@01DA${HEX.slice(0, 12)}>`,
  'SECRET_KEY = os.environ["SECRET_KEY"]',
  'secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>',
  'APP_KEY=\nAPP_DEBUG=true',
  'APP_SECRET=ThisTokenIsNotSoSecretChangeIt',
  "framework:\n    secret: '%env(APP_SECRET)%'\n",
  "'key' => env('APP_KEY'),",
  'app.use(session({ secret: process.env.SESSION_SECRET }))',
  'Ticketnummer: 4711 – API-Fehler 401 Unauthorized',
  `session_id=${R32}; Path=/; HttpOnly`,
  `order token: ${UUID1}`,
  `Your tracking code is ${R24}`,
  `API key id: ${UUID1}`,
  `API request id: ${UUID1}`,
  `API key fingerprint: ${HEX}`,
  `The API key for request ${UUID1} was rejected`,
  `API version hash: ${HEX}`,
  `Access token hash (sha256): ${HEX}${HEX}`,
  `Der API-Key mit der ID ${UUID1} ist abgelaufen.`,
  `Klucz API o identyfikatorze ${UUID1} wygasł.`,
  `API-Schlüssel-ID: ${UUID1}`,
  `Token ID: ${UUID1}`,
  `Ihr Bestellcode: ${HEX}`,
  `Número de seguimiento: ${R24}`,
  `Referencia de pago: ${UUID1}`,
  `ID de la transacción: ${UUID1}`,
  `Identifiant de commande : ${UUID1}`,
  `Numer zamówienia: ${HEX}`,
  `Sipariş numarası: ${UUID1}`,
  `Objednávka č. ${HEX}`,
  `Ordernummer: ${UUID1}`,
  `Ordrenummer: ${HEX}`,
  `ID dell'ordine: ${UUID1}`,
  `Número do pedido: ${HEX}`,
  `Webhook delivery id: ${UUID1}`,
  `Signing certificate thumbprint: ${HEX}A1B2C3D4`,
  `Storage account: acmeshop\nResource ID: /subscriptions/${UUID1}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmeshop`,
];

// Each group of probes: every secret covered by a finding (the findings listed when one is not).
const GROUPS: ReadonlyArray<[string, ReadonlyArray<readonly [string, string]>]> = [
  ['Azure key probes', AZURE],
  ['generic API key probes', GENERIC],
  ['generic API key probes, round two', GENERIC_MORE],
  ['token probes, round three', ROUND_THREE],
  ['framework secret probes', FRAMEWORK],
];

for (const [name, cases] of GROUPS)
  describe(name, () => {
    it.each(cases.map(([t, s]) => [t, s]))('covers the secret in %j', (text, secret) => {
      expect(
        covered(text, secret),
        detector
          .scan(text)
          .map((m) => `${m.type}:${m.value}`)
          .join(', '),
      ).toBe(true);
    });
  });
describe('hard negatives for tokens and config secrets', () => {
  it.each(CLEAN.map((t) => [t]))('finds nothing in %j', (text) => {
    expect(detector.scan(text).map((m) => `${m.type}:${m.value}`)).toEqual([]);
  });
});
