"""The roles that need a second factor, typed in by their stored values.

ipsfidelity.accounts sits below sites and cannot import sites.models.Role, so
second_factor.STAFF_ROLES writes the values as text; this test holds them to
the choices, so a renamed role cannot quietly drop out of the rule.
"""

from ipsfidelity.accounts.second_factor import STAFF_ROLES
from sites.models import Role


def test_the_staff_roles_are_the_national_admin_and_coordinator_roles():
    assert set(STAFF_ROLES) <= set(Role.values)
    assert set(STAFF_ROLES) == {Role.NATIONAL_ADMIN, Role.COORDINATOR}
