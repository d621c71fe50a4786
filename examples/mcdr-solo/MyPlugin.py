PLUGIN_METADATA = {
    'id': 'my_plugin',
    'version': '1.0.0',
    'name': 'My Plugin',
    'description': 'A solo plugin: one .py file whose PLUGIN_METADATA is its metadata.',
    'author': 'your-name',
}


def on_load(server, old_module):
    server.logger.info('my_plugin loaded')
