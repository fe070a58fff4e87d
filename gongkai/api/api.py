"""The one NinjaAPI object; each app contributes a router from <app>/api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="gongkai API", version="1", urls_namespace="api")
