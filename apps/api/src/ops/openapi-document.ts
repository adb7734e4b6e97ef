import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { actionSchemaFor, ApiVersion, createVolumeSchemaFor, MAX_VERSION, MIN_VERSION, VOLUME_ACTION_NAMES, type Schema } from '@app/cinder-api';

const ACTION_PATHS = ['/v3/{project_id}/volumes/{volume_id}/action', '/v3/volumes/{volume_id}/action'];
const CREATE_VOLUME_PATHS = ['/v3/{project_id}/volumes', '/v3/volumes'];
const WRITE_METHODS = ['post', 'put', 'patch'] as const;

/**
 * The API's OpenAPI 3.1 document, generated from the controllers (routes, parameters, the
 * operations' decorators) and completed with Cinder's request schemas: the controllers read raw
 * bodies to apply Cinder's exact validation, so the bodies are described here from the same
 * schemas (libs/cinder-api) rather than from DTO classes. Keys are sorted so the document is
 * stable; `npm run docs:openapi` writes it to docs/openapi.json and a test compares the two.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('cinder-volume-engine')
    .setDescription(
      "OpenStack Cinder's Block Storage v3 API, event-sourced. Microversions " +
        `${MIN_VERSION} to ${MAX_VERSION} through the OpenStack-API-Version header ("volume 3.42"). ` +
        'Identity: X-Auth-Token (noauth: user:project) or the headers a keystonemiddleware gateway sets. ' +
        "Errors are Cinder's fault bodies, e.g. {\"badRequest\": {\"code\": 400, \"message\": \"...\"}}.",
    )
    .setVersion(MAX_VERSION)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' }, 'X-Auth-Token')
    .addSecurityRequirements('X-Auth-Token')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  dropParametersNotInPath(document);
  describeCinderBodies(document);
  return sortKeys(document) as OpenAPIObject;
}

function describeCinderBodies(document: OpenAPIObject) {
  const latest = ApiVersion.parse(MAX_VERSION);
  const actions = VOLUME_ACTION_NAMES.map((action) => actionSchemaFor(action, latest) ?? actionWithoutSchema(action));
  for (const path of ACTION_PATHS) {
    setBody(document, path, 'post', 'One volume action: an object with exactly one key, the action name (schemas at the newest microversion).', {
      oneOf: actions,
    });
  }
  for (const path of CREATE_VOLUME_PATHS) {
    setBody(document, path, 'post', 'The volume to create (schema at the newest microversion).', createVolumeSchemaFor(latest));
  }
  // Every other write takes a JSON object, checked by its controller with Cinder's rules.
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of WRITE_METHODS) {
      const operation = item[method];
      if (operation && !operation.requestBody && path.startsWith('/v3')) {
        setBody(document, path, method, "A JSON object, validated as Cinder validates this request.", { type: 'object' });
      }
    }
  }
}

/**
 * A controller method serves a path with and without `{project_id}` (Cinder's two URL forms); the
 * generator lists the method's parameters on both, so the project-less form loses the one it lacks.
 * The operations endpoints take no identity.
 */
function dropParametersNotInPath(document: OpenAPIObject) {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.parameters = operation.parameters?.filter(
        (parameter: { in?: string; name?: string }) => parameter.in !== 'path' || path.includes(`{${parameter.name}}`),
      );
      if (operation.tags?.includes('operations')) operation.security = [];
    }
  }
}

function actionWithoutSchema(action: string): Schema {
  return { type: 'object', properties: { [action]: {} }, required: [action], additionalProperties: false };
}

function setBody(document: OpenAPIObject, path: string, method: (typeof WRITE_METHODS)[number], description: string, schema: Schema | object) {
  const operation = document.paths[path]?.[method];
  if (!operation) return;
  operation.requestBody = { required: true, description, content: { 'application/json': { schema: schema as never } } };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
