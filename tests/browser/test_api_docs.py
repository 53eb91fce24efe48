"""The interactive API documentation works with the network cut off to anything but this
machine: every operation of the OpenAPI document is listed, and nothing is fetched elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


def operation_count(page) -> int:
    spec = page.request.get("/api/v1/openapi.json").json()
    return sum(1 for item in spec["paths"].values() for method in item
               if method in HTTP_METHODS)


def test_the_docs_list_every_operation_without_leaving_this_machine(page):
    attempted_elsewhere: list[str] = []

    def local_only(route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            attempted_elsewhere.append(url)
            route.abort()

    page.route("**/*", local_only)
    page.goto("/api/v1/docs")
    expected = operation_count(page)
    blocks = page.locator("#swagger-ui .opblock")
    blocks.first.wait_for()
    page.wait_for_load_state("networkidle")

    assert expected >= 36
    assert blocks.count() == expected
    assert page.locator("#swagger-ui .info .title").inner_text().startswith("Innsikt API")
    assert attempted_elsewhere == []


def test_each_listed_operation_is_one_of_the_document(page):
    page.route("**/*", lambda route: route.continue_()
               if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
    page.goto("/api/v1/docs")
    page.locator("#swagger-ui .opblock").first.wait_for()
    spec = page.request.get("/api/v1/openapi.json").json()
    documented = {(method.upper(), path) for path, item in spec["paths"].items()
                  for method in item if method in HTTP_METHODS}
    listed = set()
    for block in page.locator("#swagger-ui .opblock").all():
        method = block.locator(".opblock-summary-method").inner_text().strip().upper()
        path = block.locator(".opblock-summary-path").get_attribute("data-path")
        listed.add((method, path))
    assert listed == documented
