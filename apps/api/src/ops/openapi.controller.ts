import { Controller, Get, Injectable, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The document, built once the application knows its routes (see startApi). */
@Injectable()
export class OpenApiDocument {
  document: OpenAPIObject | null = null;
}

@ApiTags('operations')
@Controller()
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocument) {}

  @Get('openapi.json')
  @ApiOperation({ summary: 'This OpenAPI document (also in docs/openapi.json).' })
  @ApiOkResponse({ description: 'OpenAPI 3.1' })
  document() {
    if (!this.holder.document) throw new NotFoundException();
    return this.holder.document;
  }
}
