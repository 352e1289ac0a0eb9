import atexit
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqyl.settings")
application = get_wsgi_application()

# What is loaded at start-up lives as long as the process: keep it out of every garbage
# collection, whose full passes otherwise add tens of milliseconds to some requests.
gc.freeze()
atexit.register(gc.unfreeze)  # let native extensions release their objects at exit
