import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../domain/ids.js';

/** A schema keyword (an OpenAPI extension, so the documents stay valid) that lower-cases the string it validates. */
const LOWER_CASE = 'x-lowercase';

/**
 * A row id in a path. UUIDs are case-insensitive on input (RFC 9562), but a
 * string id also names the key context of encrypted data and is compared as
 * text, so it is lower-cased here, as the path is parsed, and nowhere else.
 */
export const UuidParam = Type.String({ format: 'uuid', pattern: UUID_PATTERN, [LOWER_CASE]: true });

export const IdParams = Type.Object({ id: UuidParam });

interface KeywordContext {
  parentData: Record<string | number, unknown>;
  parentDataProperty: string | number;
}

interface SchemaValidator {
  addKeyword(definition: {
    keyword: string;
    type: 'string';
    schemaType: 'boolean';
    modifying: true;
    errors: false;
    validate: (lowerCase: boolean, data: string, parentSchema?: object, context?: KeywordContext) => boolean;
  }): unknown;
}

/** Teaches the request validator the keyword; given to Fastify as `ajv.onCreate`. */
export function addLowerCaseKeyword(ajv: SchemaValidator): void {
  ajv.addKeyword({
    keyword: LOWER_CASE,
    type: 'string',
    schemaType: 'boolean',
    modifying: true,
    errors: false,
    validate: (lowerCase, data, _parentSchema, context) => {
      if (lowerCase && context) context.parentData[context.parentDataProperty] = data.toLowerCase();
      return true;
    },
  });
}
