#!/usr/bin/python3
"""Calls one method of python-cinderclient's Python API against the engine in noauth mode.

For the volume actions the `cinder` shell has no command for (reserve, unreserve,
begin_detaching, roll_detaching, the legacy attach). Prints one JSON object on stdout:
the microversion negotiated from the version document, the HTTP status of the call and what it
returned.

    /usr/bin/python3 test/clients/cinder_api.py --endpoint http://127.0.0.1:8776/v3 \
        --user admin --project myproj --version 3.64 volumes.reserve '["<volume id>"]'
"""
import argparse
import json
import sys

from cinderclient import api_versions
from cinderclient import client
from cinderclient import exceptions
from cinderclient.contrib.noauth import CinderNoAuthPlugin
from keystoneauth1 import session


def plain(value):
    """What a cinderclient call returned, as JSON: resources by their fields."""
    if hasattr(value, '_info'):
        return value._info
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, 'status_code'):
        return {'status_code': value.status_code}
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--endpoint', required=True, help='e.g. http://127.0.0.1:8776/v3')
    parser.add_argument('--user', default='admin')
    parser.add_argument('--project', required=True)
    parser.add_argument('--version', default='3.64', help='the microversion to ask for')
    parser.add_argument('method', help='manager.method, e.g. volumes.reserve')
    parser.add_argument('args', nargs='?', default='[]', help='JSON list of positional arguments')
    options = parser.parse_args()

    auth = CinderNoAuthPlugin(options.user, options.project, endpoint=options.endpoint)
    sess = session.Session(auth=auth)
    requested = api_versions.APIVersion(options.version)
    probe = client.Client(requested, session=sess)
    # As the `cinder` shell does: settle on a version both sides support (GET / on the server).
    version = api_versions.discover_version(probe, requested)
    cinder = client.Client(version, session=sess)

    manager_name, method_name = options.method.split('.', 1)
    method = getattr(getattr(cinder, manager_name), method_name)
    try:
        result = method(*json.loads(options.args))
    except exceptions.ClientException as error:
        json.dump({'version': version.get_string(), 'error': {'code': error.code, 'message': error.message}}, sys.stdout)
        return 1
    out = {'version': version.get_string()}
    # Actions return (response, body) with the response's request ids attached.
    if isinstance(result, tuple) and len(result) == 2 and hasattr(result[0], 'status_code'):
        out['status_code'] = result[0].status_code
        out['body'] = plain(result[1])
    else:
        out['result'] = plain(result)
    json.dump(out, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
