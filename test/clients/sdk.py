#!/usr/bin/python3
"""Calls one method of openstacksdk's block-storage proxy against the engine in noauth mode.

keystoneauth's `admin_token` plugin sends `X-Auth-Token: <user>:<project>` as it is, which is
what Cinder's noauth mode reads; the endpoint override points the SDK at the engine, and the SDK
negotiates its microversions from the engine's version documents (GET /v3/). Prints one JSON
object on stdout: what the call returned, resources as their SDK fields.

    /usr/bin/python3 test/clients/sdk.py --endpoint http://127.0.0.1:8776/v3 --project myproj \
        create_volume '[]' '{"size": 1, "name": "v1"}'
    /usr/bin/python3 test/clients/sdk.py --endpoint ... --project myproj wait_for_volume '["<id>", "available"]'

With --serve it keeps one connection and answers a JSON request a line ({"method", "args",
"kwargs"} on stdin, the answer a line on stdout), as the end-to-end tests use it.
"""
import argparse
import inspect
import json
import sys

import openstack
from openstack import exceptions
from openstack import resource


def connect(endpoint, user, project):
    return openstack.connect(
        auth_type='admin_token',
        auth={'endpoint': endpoint, 'token': '%s:%s' % (user, project)},
        block_storage_endpoint_override=endpoint,
    )


def plain(value):
    if isinstance(value, resource.Resource):
        return value.to_dict(computed=False)
    if inspect.isgenerator(value) or isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def wait_for_volume(block_storage, volume_id, status, wait=60):
    """The volume once it has the status (a fresh GET first: the SDK's own wait starts from the
    object it is given)."""
    volume = block_storage.get_volume(volume_id)
    return block_storage.wait_for_status(volume, status, failures=['error'], interval=0.1, wait=wait)


def update_volume(block_storage, volume_id, **attrs):
    """openstacksdk 0.101's proxy has no update_volume (its cloud layer calls one that is
    missing): PUT through the resource's own commit, as a newer proxy does."""
    from openstack.block_storage.v3 import volume as _volume
    return block_storage._update(_volume.Volume, volume_id, **attrs)


def upload_volume_to_image(block_storage, volume_id, image_name, **options):
    """The proxy of 0.101 drops what the action answers; the resource's method returns it."""
    from openstack.block_storage.v3 import volume as _volume
    volume = block_storage._get_resource(_volume.Volume, volume_id)
    return volume.upload_to_image(block_storage, image_name, **options)


def wait_for_snapshot(block_storage, snapshot_id, status, wait=60):
    snapshot = block_storage.get_snapshot(snapshot_id)
    return block_storage.wait_for_status(snapshot, status, failures=['error'], interval=0.1, wait=wait)


HELPERS = {
    'wait_for_volume': wait_for_volume,
    'wait_for_snapshot': wait_for_snapshot,
    'update_volume': update_volume,
    'upload_volume_to_image': upload_volume_to_image,
}


def call(block_storage, method, args, kwargs):
    """One proxy call: its result, or the error it raised; and the microversion range the SDK
    learnt from the version document."""
    try:
        helper = HELPERS.get(method)
        if helper:
            result = helper(block_storage, *args, **kwargs)
        else:
            result = getattr(block_storage, method)(*args, **kwargs)
    except exceptions.HttpException as error:
        return {'error': {'code': error.status_code, 'message': error.details or str(error)}}
    except exceptions.SDKException as error:
        return {'error': {'code': None, 'message': str(error)}}
    data = block_storage.get_endpoint_data()
    return {
        'result': plain(result),
        'microversions': [
            '%d.%d' % data.min_microversion if data.min_microversion else None,
            '%d.%d' % data.max_microversion if data.max_microversion else None,
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--endpoint', required=True, help='e.g. http://127.0.0.1:8776/v3')
    parser.add_argument('--user', default='admin')
    parser.add_argument('--project', required=True)
    parser.add_argument('--debug', action='store_true', help='log the HTTP exchange on stderr')
    parser.add_argument('--serve', action='store_true',
                        help='one connection for many calls: a JSON {"method", "args", "kwargs"} '
                             'a line on stdin, each answer a line on stdout')
    parser.add_argument('method', nargs='?', help='a block_storage proxy method, e.g. extend_volume')
    parser.add_argument('args', nargs='?', default='[]', help='JSON list of positional arguments')
    parser.add_argument('kwargs', nargs='?', default='{}', help='JSON object of keyword arguments')
    options = parser.parse_args()
    if not options.serve and not options.method:
        parser.error('a method, or --serve')

    if options.debug:
        openstack.enable_logging(debug=True, http_debug=True, stream=sys.stderr)
    block_storage = connect(options.endpoint, options.user, options.project).block_storage

    if options.serve:
        for line in sys.stdin:
            request = json.loads(line)
            out = call(block_storage, request['method'], request.get('args', []), request.get('kwargs', {}))
            sys.stdout.write(json.dumps(out, default=str) + '\n')
            sys.stdout.flush()
        return 0

    out = call(block_storage, options.method, json.loads(options.args), json.loads(options.kwargs))
    json.dump(out, sys.stdout, default=str)
    return 1 if 'error' in out else 0


if __name__ == '__main__':
    sys.exit(main())
