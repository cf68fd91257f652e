"""The consultation's open data: ``/open-data/datapackage.json`` and each resource in CSV
and JSON, with ``ETag`` and ``Last-Modified`` (kit.datapackage)."""

from consultation.open_data.catalog import PACKAGE
from kit.datapackage_router import package_router

router = package_router(PACKAGE, operation_prefix="getConsultationOpenData")
