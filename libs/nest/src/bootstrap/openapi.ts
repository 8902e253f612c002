import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { schemaBodyOf } from '../openapi/api-schema-body.decorator.js';
import { openApiSchemaOf } from '../openapi/openapi-schema.js';
import { resolveSchema } from '../openapi/request-schema.js';

/**
 * Swagger UI at `/docs`, the document itself at `/docs/json`. Request parameters and bodies are documented
 * by the zod schemas that validate them (ValidParams/ValidQuery/ValidBody, ApiSchemaBody), resolved with
 * the app's config; the document is built afresh on every request, so examples relative to now stay valid.
 */
export function setupOpenApi(app: INestApplication, title: string, description = ''): void {
  const config = app.get(ConfigService, { strict: false });
  const info = new DocumentBuilder().setTitle(title).setDescription(description).build();
  const build = (): OpenAPIObject => {
    const document = SwaggerModule.createDocument(app, info, {
      standardSchemaConverter: (schema, { schemaType }) => {
        const zod = resolveSchema(schema, config);
        return zod ? { schema: openApiSchemaOf(zod, schemaType) } : undefined;
      },
    });
    documentSchemaBodies(app, document, config);
    return document;
  };
  SwaggerModule.setup('docs', app, build, {
    jsonDocumentUrl: 'docs/json',
    patchDocumentOnRequest: () => build(),
  });
}

/** Fills in the request bodies that ApiSchemaBody declared, by the operation ids Nest gives them. */
function documentSchemaBodies(app: INestApplication, document: OpenAPIObject, config: ConfigService): void {
  const operations = new Map(
    Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation: unknown) =>
        typeof operation === 'object' && operation !== null && 'operationId' in operation
          ? [[(operation as { operationId: string }).operationId, operation as Record<string, unknown>] as const]
          : [],
      ),
    ),
  );
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      for (const key of Object.getOwnPropertyNames(metatype.prototype)) {
        const schema = resolveSchema(schemaBodyOf(metatype.prototype[key]), config);
        const body = operations.get(`${metatype.name}_${key}`)?.requestBody as
          { content?: Record<string, { schema?: unknown }> } | undefined;
        if (!schema || !body?.content) continue;
        for (const media of Object.values(body.content)) media.schema = openApiSchemaOf(schema);
      }
    }
  }
}
