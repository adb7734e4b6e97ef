import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ApiModule } from '../api.module';
import { exportOpenApiDocument } from '../create-api-app';

/** `npm run docs:openapi`: writes the API's OpenAPI document (what /openapi.json serves) to a file. */
async function main() {
  const target = resolve(process.argv[2] ?? 'docs/openapi.json');
  const document = await exportOpenApiDocument(ApiModule);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
