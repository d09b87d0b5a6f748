# The fuzz tests request the pages of the permission matrix's world: the
# same objects, the same signed-in roles, one build per test module.
from tests.test_permission_matrix import world  # noqa: F401
