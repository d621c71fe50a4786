from my_plugin.my_lib import greeting


def on_load(server, old_module):
    server.logger.info(server.tr('my_plugin.loaded') or greeting())
