"""XEP-0363 with slixmpp's xep_0363 plugin: log in, find the upload service, upload one file.

usage: upload.py HOST PORT JID PASSWORD CA_FILE FILE
Prints "SERVICE <jid> <max-file-size>", then "URL <get url>" on success or "ERROR <what>".
"""
import asyncio
import sys

import slixmpp

host, port, jid, password, ca_file, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
client = slixmpp.ClientXMPP(jid, password)
client.register_plugin('xep_0030')
client.register_plugin('xep_0363')
client.ca_certs = ca_file
outcome = {'ok': False}


async def discover():
    # What the plugin's find_upload_service does (disco#items of the domain, disco#info of each item:
    # the store/file identity and the feature, max-file-size from the XEP-0128 form). Its own helper
    # get_info_from_domain hands coroutines to asyncio.wait, which Python 3.11 refuses (slixmpp 1.8.3).
    items = await client['xep_0030'].get_items(jid=client.boundjid.domain, timeout=20)
    for item in items['disco_items']['items']:
        info = await client['xep_0030'].get_info(jid=item[0], timeout=20)
        identities = info['disco_info']['identities']
        if any(i[0] == 'store' and i[1] == 'file' for i in identities) \
                and 'urn:xmpp:http:upload:0' in info['disco_info']['features']:
            client['xep_0363'].upload_service = info['from']
            for form in info['disco_info'].iterables:
                values = form['values']
                if values.get('FORM_TYPE') == ['urn:xmpp:http:upload:0']:
                    client['xep_0363'].max_file_size = int(values['max-file-size'])
            return True
    return False


async def session_start(event):
    try:
        if not await discover():
            print('ERROR no upload service', flush=True)
            return
        print('SERVICE', client['xep_0363'].upload_service, client['xep_0363'].max_file_size, flush=True)
        url = await client['xep_0363'].upload_file(path, timeout=60)
        print('URL', url, flush=True)
        outcome['ok'] = True
    except Exception as e:  # the test prints what failed
        print('ERROR', repr(e), flush=True)
    finally:
        client.disconnect()


client.add_event_handler('session_start', session_start)
client.add_event_handler('failed_auth', lambda e: (print('ERROR auth', flush=True), client.disconnect()))
client.connect((host, port))
try:
    asyncio.get_event_loop().run_until_complete(asyncio.wait_for(client.disconnected, 90))
except asyncio.TimeoutError:
    print('ERROR timeout', flush=True)
sys.exit(0 if outcome['ok'] else 1)
