"""The roadmaps' open data: ``/open-data/datapackage.json`` and each resource in CSV and
JSON, with ``ETag`` and ``Last-Modified`` (kit.datapackage)."""

from kit.datapackage_router import package_router
from roadmaps.open_data.catalog import PACKAGE

router = package_router(PACKAGE, operation_prefix="getRoadmapsOpenData")
