"""Steps the browser tests share."""

from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-postadresse").fill(user.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the current page, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} at {node['html'][:120]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]
