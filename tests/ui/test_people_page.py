"""People & accounts: a refused add keeps what was typed with the problem next to the field; a
saved one confirms; an account shows its temporary password once; the CEO manages people only;
a temporary password opens nothing but the choose-a-password screen."""

from gfj_core.db import session_scope
from gfj_core.services.auth import authenticate
from tests.conftest import demo_actor
from tests.ui.apptest import app_as, open_page, page_text

ADD = "FormSubmitter:people_add-Add to the directory"
CREATE = "FormSubmitter:acct_new-Create with a temporary password"


def _choose(at, key: str, label: str) -> None:
    box = at.selectbox(key=key)
    box.select_index(list(box.options).index(label))


def _tabs(at) -> list[str]:
    return [t.label for t in at.tabs]


def test_a_refused_add_keeps_the_input_and_names_the_field(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), "pages/people.py")
    assert not at.exception
    at.text_input(key="people_add_full_name").input("Nia New")
    at.text_input(key="people_add_email").input("chair@gfj.example.org")  # the chair's
    at.button(key=ADD).click()
    at.run()
    assert "already Marisol Vega-Brooks's email" in " ".join(e.value for e in at.error)
    assert at.text_input(key="people_add_full_name").value == "Nia New"
    assert at.text_input(key="people_add_email").value == "chair@gfj.example.org"


def test_adding_a_person_and_giving_them_an_account_shows_the_password_once(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), "pages/people.py")
    at.text_input(key="people_add_full_name").input("Nia New")
    _choose(at, "people_add_board_role", "Member")
    at.button(key=ADD).click()
    at.run()
    assert "Added Nia New." in page_text(at)
    assert at.text_input(key="people_add_full_name~1").value == ""
    _choose(at, "acct_new_person_id", "Nia New")
    at.text_input(key="acct_new_username").input("nia")
    _choose(at, "acct_new_role", "Board member")
    at.button(key=CREATE).click()
    at.run()
    assert not at.exception
    text = page_text(at)
    assert "Temporary password for **nia**" in text
    password = at.code[0].value
    with session_scope(demo_db, write=True) as s:
        assert authenticate(s, "nia", password).actor.must_change_password
    at.run()
    assert "Temporary password for **nia**" not in page_text(at)


def test_the_ceo_manages_people_but_not_accounts(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), "pages/people.py")
    assert not at.exception
    assert "Accounts" not in _tabs(at)
    assert "managed by the administrator" in page_text(at)


def test_a_temporary_password_opens_only_the_choose_a_password_screen(demo_db):
    admin = demo_actor(demo_db, "admin")
    at = open_page(admin, "pages/people.py")
    at.text_input(key="people_add_full_name").input("Nia New")
    at.button(key=ADD).click()
    at.run()
    _choose(at, "acct_new_person_id", "Nia New")
    at.text_input(key="acct_new_username").input("nia")
    _choose(at, "acct_new_role", "Staff")
    at.button(key=CREATE).click()
    at.run()
    temp = at.code[0].value
    with session_scope(demo_db, write=True) as s:
        nia = authenticate(s, "nia", temp).actor
    at = app_as(nia)
    assert "Choose your password" in page_text(at)
    assert [p["page_name"] for p in at._registered_pages.values()] == ["Choose your password"]
    at.text_input(key="first_pw_current").input(temp)
    at.text_input(key="first_pw_new").input("nias-own-password")
    at.text_input(key="first_pw_confirm").input("nias-own-password")
    at.button(key="FormSubmitter:first_pw-Save my password").click()
    at.run()
    assert not at.exception
    assert "My account" in [p["page_name"] for p in at._registered_pages.values()]
