import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

/** The published X-ARF v4 JSON schemas (xarf-spec v4.2.0, MIT licence), bundled as fixtures. */
const SCHEMA_DIR = fileURLToPath(new URL('../notices/fixtures/xarf-v4/', import.meta.url));

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

/** A validator of whole X-ARF reports against the master schema: core fields, the category's type and its own fields. */
export function xarfValidator(): (report: unknown) => ErrorObject[] {
  // strictTypes off: the published schemas put `format` and `required` in branches without a `type`, which JSON Schema allows.
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  ajv.addKeyword('x-recommended');
  addFormats(ajv);
  const read = (file: string): object => JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object;
  for (const file of readdirSync(path.join(SCHEMA_DIR, 'types'))) ajv.addSchema(read(path.join('types', file)));
  ajv.addSchema(read('xarf-core.json'));
  const validate = ajv.compile(read('xarf-v4-master.json'));
  return (report) => (validate(report) ? [] : (validate.errors ?? []));
}
