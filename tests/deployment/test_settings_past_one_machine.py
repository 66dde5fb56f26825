"""The services of a deployment past one machine come from the environment.

Each case loads the production settings in a subprocess with a clean environment
(see tests/test_settings.py), so nothing from the test settings or the shell hides
a missing or misread variable.
"""

import json
import sys

from tests.test_settings import random_secret, run

SHOW = """
import json
import django
from django.conf import settings
django.setup()
from django.core.files.storage import default_storage
from wagtail.search.backends import get_search_backend

storage = {}
if "OPTIONS" in settings.STORAGES["default"]:
    acl = default_storage.default_acl  # builds the storage behind the lazy object
    storage = {
        "class": type(default_storage._wrapped).__name__,
        "acl": acl,
        "overwrite": default_storage.file_overwrite,
        "bucket": default_storage.bucket_name,
        "endpoint": default_storage.endpoint_url,
        "region": default_storage.region_name,
        "url": default_storage.url("original_images/kep.png"),
    }
search = settings.WAGTAILSEARCH_BACKENDS["default"]
nodes = None
if search.get("URLS"):
    nodes = len(get_search_backend().es.transport.node_pool.all())
print(json.dumps({
    "databases": {
        alias: {"ENGINE": db["ENGINE"], "HOST": db.get("HOST", "")}
        for alias, db in settings.DATABASES.items()
    },
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
    "storage_backend": settings.STORAGES["default"]["BACKEND"],
    "storage": storage,
    "search_urls": search.get("URLS"),
    "search_nodes": nodes,
    "front_cache": settings.WAGTAILFRONTENDCACHE,
    "front_cache_languages": settings.WAGTAILFRONTENDCACHE_LANGUAGES,
}))
"""

PRIMARY = "postgres://kapcsolodasok:secret@db-primary.internal:5432/kapcsolodasok"
REPLICA = "postgres://kapcsolodasok_ro:secret@db-replica.internal:5432/kapcsolodasok"


def production(**env):
    result = run([sys.executable, "-c", SHOW], "config.settings.production", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_machine_needs_none_of_it():
    values = production(SECRET_KEY=random_secret())
    assert set(values["databases"]) == {"default"}
    assert values["routers"] == []
    assert "config.replica_router.ReplicaRoutingMiddleware" not in values["middleware"]
    assert values["storage_backend"] == "django.core.files.storage.FileSystemStorage"
    assert values["front_cache"] == {}


def test_a_replica_url_adds_the_replica_its_router_and_middleware():
    values = production(
        SECRET_KEY=random_secret(), DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA
    )
    assert values["databases"]["default"]["HOST"] == "db-primary.internal"
    assert values["databases"]["replica"] == {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db-replica.internal",
    }
    assert values["routers"] == ["config.replica_router.PrimaryReplicaRouter"]
    middleware = values["middleware"]
    position = middleware.index("config.replica_router.ReplicaRoutingMiddleware")
    assert middleware[position - 1] == "config.request_id.RequestIdMiddleware"
    assert position < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_a_bucket_name_stores_media_privately_in_s3():
    values = production(
        SECRET_KEY=random_secret(),
        AWS_STORAGE_BUCKET_NAME="kapcsolodasok-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-central-1",
    )
    assert values["storage_backend"] == "config.media_storage.PrivateMediaStorage"
    assert values["storage"] == {
        "class": "PrivateMediaStorage",
        "acl": "private",
        "overwrite": False,
        "bucket": "kapcsolodasok-media",
        "endpoint": "https://s3.example.org",
        "region": "eu-central-1",
        "url": "/media/original_images/kep.png",
    }


def test_an_empty_acl_leaves_objects_to_a_bucket_without_acls():
    values = production(
        SECRET_KEY=random_secret(), AWS_STORAGE_BUCKET_NAME="media", AWS_DEFAULT_ACL=""
    )
    assert values["storage"]["acl"] is None


def test_a_public_acl_is_refused():
    result = run(
        [sys.executable, "-c", SHOW],
        "config.settings.production",
        SECRET_KEY=random_secret(),
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_DEFAULT_ACL="public-read",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_several_elasticsearch_nodes_are_comma_separated():
    values = production(
        SECRET_KEY=random_secret(),
        ELASTICSEARCH_URL="http://es-1.internal:9200, http://es-2.internal:9200,",
    )
    assert values["search_urls"] == ["http://es-1.internal:9200", "http://es-2.internal:9200"]
    assert values["search_nodes"] == 2


def test_each_purge_url_is_a_backend_of_its_own():
    values = production(
        SECRET_KEY=random_secret(),
        FRONTEND_CACHE_PURGE_URL="http://varnish-1.internal:6081,http://varnish-2.internal:6081",
    )
    assert values["front_cache"] == {
        "purge-1": {
            "BACKEND": "config.frontend_cache.TimeLimitedHTTPBackend",
            "LOCATION": "http://varnish-1.internal:6081",
        },
        "purge-2": {
            "BACKEND": "config.frontend_cache.TimeLimitedHTTPBackend",
            "LOCATION": "http://varnish-2.internal:6081",
        },
    }
    assert values["front_cache_languages"] == []


def test_cloudflare_and_cloudfront_are_configured_from_their_variables():
    values = production(
        SECRET_KEY=random_secret(),
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_API_TOKEN="token",
        CLOUDFRONT_DISTRIBUTION_ID="E123",
    )
    assert values["front_cache"]["cloudflare"] == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": "zone",
        "BEARER_TOKEN": "token",
    }
    assert values["front_cache"]["cloudfront"] == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": "E123",
    }
