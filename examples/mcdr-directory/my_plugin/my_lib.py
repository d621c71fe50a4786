def greeting():
    return 'my_plugin loaded'
