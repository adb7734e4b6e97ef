import { Controller, Get, HttpCode, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { MAX_VERSION, MIN_VERSION } from '@app/cinder-api';

/** The version documents clients negotiate microversions from (cinder/api/versions.py). */
@Controller()
export class VersionsController {
  /** Unversioned: every known version, with 300 Multiple Choices as Cinder answers. */
  @Get()
  @HttpCode(300)
  all(@Req() request: FastifyRequest) {
    return versionsDocument(request);
  }

  @Get('v3')
  show(@Req() request: FastifyRequest) {
    return versionsDocument(request);
  }
}

function versionsDocument(request: FastifyRequest) {
  const base = `${request.protocol}://${request.headers.host ?? 'localhost'}/`;
  return {
    versions: [
      {
        id: 'v3.0',
        links: [
          { href: 'https://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
          { href: `${base}v3/`, rel: 'self' },
        ],
        'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
        min_version: MIN_VERSION,
        status: 'CURRENT',
        updated: '2023-08-31T00:00:00Z',
        version: MAX_VERSION,
      },
    ],
  };
}
