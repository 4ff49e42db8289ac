"""What a round trip of the portal's OCDS compares: the releases of an export, without what names
one database's rows, and every page of the API harvested with the test client."""

import json
import re

from django.conf import settings


def comparable(package: dict) -> list[dict]:
    """The releases, by reference, without what names this database's rows."""
    releases = []
    for release in package["releases"]:
        # An imported award keeps its OCDS id, made of the first database's ocid.
        release = json.loads(
            re.sub(rf"{settings.OCDS_OCID_PREFIX}-\d+", "OCID", json.dumps(release))
        )
        for key in ("id", "date", "ocid"):
            release.pop(key)
        for document in release["tender"]["documents"]:
            if document["id"] == "notice":
                document.pop("url")
        for party in release["parties"]:
            if party["roles"] == ["supplier"]:
                party.pop("id")
        for award in release.get("awards", []):
            for supplier in award["suppliers"]:
                supplier.pop("id")
        releases.append(release)
    return sorted(releases, key=lambda r: r["tender"]["id"])


def harvest(client) -> dict:
    """Every public notice's release, through the API's pages in the harvest order, as one
    package (the first page's, with every page's releases)."""
    package = client.get("/api/notices/", {"order": "oldest"}).json()
    releases, following = list(package["releases"]), package.get("links", {}).get("next")
    while following:
        page = client.get(following).json()
        releases += page["releases"]
        following = page.get("links", {}).get("next")
    package.pop("links", None)
    return package | {"releases": releases}
