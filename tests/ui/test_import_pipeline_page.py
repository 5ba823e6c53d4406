"""Import data, the leadership pipeline's kinds (issue 15): the CEO sees them, a bad file lists
every problem by row and column and offers no import, a good file imports on confirm and says
what changed; the treasurer is not offered them."""

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text

PAGE = "pages/import_data.py"


def _leaders(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(EmergingLeader))


def _upload(at, kind: str, content: bytes):
    at.file_uploader(key=f"imp_file_{kind}_{at.session_state['imp_nonce']}").upload(
        f"{kind}.csv", content, "text/csv"
    )
    return at.run()


def test_the_ceo_imports_leaders_after_a_refused_file_and_reads_what_changed(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    at.radio(key="imp_kind").set_value("leaders").run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["CSV template", "Excel template"]
    before = _leaders(demo_db)
    at = _upload(at, "leaders", b"name,target_role,cohort_start\nMaya Ortiz,,2026-13-01\n")
    text = page_text(at).replace("**", "")
    assert "Row 2, column target_role" in text and "Row 2, column cohort_start" in text
    assert not [b for b in at.button if b.key == "imp_confirm"]
    assert _leaders(demo_db) == before

    at = _upload(at, "leaders", b"name,target_role,cohort_start\nMaya Ortiz,Organizer,2026-09-01\n")
    assert "1 leader new, 0 updated; 1 person to add: Maya Ortiz" in page_text(at)
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert "Imported 1 leader: 1 new, 0 updated. Added 1 person: Maya Ortiz." in page_text(at)
    assert _leaders(demo_db) == before + 1


def test_the_treasurer_is_not_offered_the_pipeline_kinds(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), PAGE)
    assert "leaders" not in at.radio(key="imp_kind").options
