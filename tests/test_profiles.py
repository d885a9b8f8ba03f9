"""Saved search profiles, as a user of two terminals would notice them:
what is saved comes back exactly, hostile or broken files cost nothing but a
message, and nothing on disk is lost."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from summit_tui import profiles as profiles_mod
from summit_tui.config import load_config
from summit_tui.errors import ConfigError, NotFoundError, ProfileError
from summit_tui.fsutil import exclusive_lock
from summit_tui.profiles import (
    LoadedProfiles,
    ProfileStore,
    SearchFilters,
    SearchProfile,
    validate_name,
)
from summit_tui.yamlio import load_yaml_file

ENERGY = SearchProfile(
    name="Energy deals",
    query='gas OR pipeline OR "Power of Siberia"',
    filters=SearchFilters(
        sources=("reuters", "003_cb1a4ce9872c9508"),
        entities=("org:gazprom", "money:240000000000_usd"),
        types=("MONEY", "PERCENT"),
        date_from=date(2024, 5, 1),
        date_to=date(2024, 6, 30),
    ),
    sort="date",
    view="comparison",
    description="What does each outlet say about energy deals?\nSecond line.",
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "profiles.yaml"


@pytest.fixture
def store(path: Path) -> ProfileStore:
    return ProfileStore(path)


def names(loaded: LoadedProfiles | ProfileStore) -> list[str]:
    items = loaded.profiles if isinstance(loaded, LoadedProfiles) else loaded.list()
    return [p.name for p in items]


def same_search(a: SearchProfile, b: SearchProfile) -> bool:
    fields = ("name", "query", "filters", "sort", "view", "description")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


# -- round trip -------------------------------------------------------------------

def test_a_profile_saved_in_one_session_comes_back_whole_in_another(path: Path) -> None:
    saved = ProfileStore(path).save(ENERGY).profile
    other_terminal = ProfileStore(path)
    loaded = other_terminal.load()
    assert loaded.problem is None
    back = other_terminal.get("energy DEALS")
    assert same_search(back, ENERGY)
    assert back.origin == "user" and back.created == saved.created and back.updated == saved.updated
    assert back.created is not None and back.created.tzinfo is not None
    assert back.created.utcoffset() == timedelta(0)


def test_the_json_shape_is_the_documented_contract(store: ProfileStore) -> None:
    data = store.save(ENERGY).profile.to_json()
    assert set(data) == {"name", "query", "filters", "sort", "view", "description", "created", "updated", "origin"}
    assert data["filters"] == {
        "sources": ["reuters", "003_cb1a4ce9872c9508"],
        "entities": ["org:gazprom", "money:240000000000_usd"],
        "types": ["MONEY", "PERCENT"],
        "date_from": "2024-05-01",
        "date_to": "2024-06-30",
    }
    assert data["origin"] == "user" and data["sort"] == "date" and data["view"] == "comparison"
    created = datetime.strptime(data["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(created - datetime.now(timezone.utc)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "text",
    ["NO", "yes", "off", "null", "~", "1e3", "0x1F", "2024-05-16", "- item", "a: b", "#not a comment",
     "'quoted'", '"double"', "!tag", "*alias", "&anchor", "{flow}", "[list]", "Путин и Си", "trade  OR\ttariffs"],
)
def test_text_that_yaml_would_reinterpret_comes_back_as_typed(store: ProfileStore, path: Path, text: str) -> None:
    profile = SearchProfile(name="tricky", query=text.replace("\t", " "), filters=SearchFilters(sources=(text.replace("\t", " "),)),
                            description=text)
    store.save(profile)
    back = ProfileStore(path).get("tricky")
    assert back.query == text.replace("\t", " ").strip()
    assert back.filters.sources == (text.replace("\t", " ").strip(),)
    assert back.description == text.strip()


def test_a_hand_written_query_no_stays_the_word_no(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("version: 1\nprofiles:\n  - name: NO\n    query: NO\n    filters: {sources: [yes, 1.5]}\n")
    loaded = ProfileStore(path).load()
    assert loaded.problem is None
    (profile,) = loaded.profiles
    assert profile.name == "NO" and profile.query == "NO" and profile.filters.sources == ("yes", "1.5")


def test_saving_an_existing_name_updates_it_and_keeps_created(store: ProfileStore, monkeypatch) -> None:
    first = datetime(2024, 5, 20, 9, 30, tzinfo=timezone.utc)
    monkeypatch.setattr(profiles_mod, "utc_now", lambda: first)
    store.save(ENERGY)
    monkeypatch.setattr(profiles_mod, "utc_now", lambda: first + timedelta(days=2))
    change = store.save(SearchProfile(name="ENERGY DEALS", query="oil"))
    assert change.replaced is not None and change.replaced.query == ENERGY.query
    assert names(store) == ["ENERGY DEALS"]
    (profile,) = store.list()
    assert profile.query == "oil" and profile.filters == SearchFilters()
    assert profile.created == first and profile.updated == first + timedelta(days=2)
    assert profile.to_json()["created"] == "2024-05-20T09:30:00Z"


def test_the_previous_version_is_kept_as_bak(store: ProfileStore, path: Path) -> None:
    store.save(ENERGY)
    first = path.read_bytes()
    store.save(SearchProfile(name="Second", query="trade"))
    assert store.backup_path.read_bytes() == first
    assert names(ProfileStore(store.backup_path).load()) == ["Energy deals"]


def test_list_is_sorted_by_name_ignoring_case(store: ProfileStore) -> None:
    for name in ("beta", "Alpha", "gamma", "Delta"):
        store.save(SearchProfile(name=name, query="x"))
    assert names(store) == ["Alpha", "beta", "Delta", "gamma"]


# -- names ----------------------------------------------------------------------------

def test_names_are_trimmed_and_unique_ignoring_case(store: ProfileStore) -> None:
    store.save(SearchProfile(name="  Energy  ", query="gas"))
    store.save(SearchProfile(name="energy", query="oil"))
    assert names(store) == ["energy"]
    assert store.get("ENERGY").query == "oil"
    assert validate_name("  x  ") == "x"


@pytest.mark.parametrize(
    "name, complaint",
    [("", "empty"), ("   ", "empty"), ("x" * 65, "65 characters"), ("bad\x1b[31mname", "control"),
     ("tab\there", "control"), ("new\nline", "control"), ("bidi\u202eeman", "control"), (None, "text")],
)
def test_bad_names_are_refused_with_a_reason(store: ProfileStore, name, complaint: str) -> None:
    with pytest.raises(ProfileError, match=complaint):
        store.save(SearchProfile(name=name, query="x"))
    with pytest.raises(ProfileError, match=complaint):
        validate_name(name)
    assert not store.path.exists()


def test_a_name_of_64_characters_is_fine(store: ProfileStore) -> None:
    store.save(SearchProfile(name="n" * 64, query="x"))
    assert names(store) == ["n" * 64]


@pytest.mark.parametrize(
    "profile, complaint",
    [
        (SearchProfile(name="p"), "neither a query nor entity"),
        (SearchProfile(name="p", query="x", sort="newest"), "sort 'newest'"),
        (SearchProfile(name="p", query="x", view="graph"), "view 'graph'"),
        (SearchProfile(name="p", query="x", filters=SearchFilters(types=("COLOUR",))), "not an entity type"),
        (SearchProfile(name="p", query="x", filters=SearchFilters(entities=("Putin",))), "not an entity key"),
        (SearchProfile(name="p", query="x", filters=SearchFilters(date_from=date(2024, 6, 1), date_to=date(2024, 5, 1))),
         "before date_from"),
        (SearchProfile(name="p", query="x" * 1001), "at most 1000"),
        (SearchProfile(name="p", query="a\x07b"), "control"),
    ],
)
def test_invalid_profiles_are_refused_and_nothing_is_written(store: ProfileStore, profile, complaint) -> None:
    with pytest.raises(ProfileError, match=complaint):
        store.save(profile)
    assert not store.path.exists()


def test_values_are_normalised_as_the_file_would_read_them(store: ProfileStore) -> None:
    saved = store.save(SearchProfile(name="p", query=" trade ", sort="DATE",
                                     filters=SearchFilters(entities=("PERSON:Xi_Jinping",), types=("money", "MONEY"))))
    assert saved.profile.query == "trade" and saved.profile.sort == "date"
    assert saved.profile.filters.entities == ("person:xi_jinping",)
    assert saved.profile.filters.types == ("MONEY",)


# -- hostile and broken files -----------------------------------------------------------

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
profiles: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
"""

HOSTILE = {
    "python tag": ("profiles:\n  - name: x\n    query: !!python/object/apply:os.system ['touch pwned']\n", 3, "tags"),
    "custom tag": ("profiles:\n  - !profile {name: x, query: y}\n", 2, "tags"),
    "alias bomb": (ALIAS_BOMB, 2, "aliases"),
    "anchor and alias": ("profiles:\n  - &p {name: x, query: y}\n  - *p\n", 3, "aliases"),
    "duplicate key": ("profiles:\n  - name: x\n    query: a\n    query: b\n", 4, "duplicate key 'query'"),
    "duplicate top key": ("profiles: []\nprofiles: []\n", 2, "duplicate key"),
    "query is a list": ("profiles:\n  - name: x\n    query: [a, b]\n", 3, "query is not valid, expected text"),
    "name is a mapping": ("profiles:\n  - name: {a: b}\n    query: y\n", 2, "name must be text"),
    "sources is a mapping": ("profiles:\n  - name: x\n    query: y\n    filters:\n      sources: {a: b}\n", 5,
                             "filters.sources is not valid"),
    "bad sort": ("profiles:\n  - name: x\n    query: y\n    sort: newest\n", 4, "sort 'newest'"),
    "bad date": ("profiles:\n  - name: x\n    query: y\n    filters: {date_from: 16/05/2024}\n", 4, "not a date"),
    "bad time": ("profiles:\n  - name: x\n    query: y\n    created: yesterday\n", 4, "not a time"),
    "unknown field": ("profiles:\n  - name: x\n    query: y\n    colour: red\n", 4, "unknown key 'colour'"),
    "unknown top key": ("version: 1\nprofile: []\n", 2, "unknown key 'profile'"),
    "profiles is a mapping": ("profiles:\n  x: {query: y}\n", 2, "expected a list of profiles"),
    "top level is a list": ("- name: x\n  query: y\n", 1, "not a profiles file"),
    "top level is text": ("just some words\n", 1, "not a profiles file"),
    "newer version": ("version: 2\nprofiles: []\n", 1, "newer summit-tui"),
    "tab indentation": ("profiles:\n\t- name: x\n", 2, "tab"),
    "unclosed quote": ('profiles:\n  - name: "x\n    query: y\n', 4, "expected"),
    "duplicate names": ("profiles:\n  - {name: Energy, query: a}\n  - {name: ENERGY, query: b}\n", 3,
                        "duplicate profile name 'ENERGY'"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_loads_as_defaults_plus_a_located_problem(path: Path, case: str) -> None:
    text, line, complaint = HOSTILE[case]
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    default = SearchProfile(name="Default", query="summit")
    store = ProfileStore(path, [default])
    loaded = store.load()
    assert loaded.problem is not None
    assert loaded.problem.startswith(f"{path}:{line}:"), loaded.problem
    assert complaint.lower() in loaded.problem.lower(), loaded.problem
    assert "\n" not in loaded.problem
    assert "Default" in names(loaded)
    assert path.read_text(encoding="utf-8") == text  # reading never changes the file
    assert not (path.parent / "pwned").exists() and not Path("pwned").exists()


def test_an_empty_file_is_simply_no_profiles(path: Path) -> None:
    path.parent.mkdir(parents=True)
    for text in ("", "\n", "# only a comment\n", "version: 1\nprofiles:\n"):
        path.write_text(text)
        loaded = ProfileStore(path, [SearchProfile(name="d", query="q")]).load()
        assert loaded.problem is None and names(loaded) == ["d"]


def test_a_huge_file_is_refused_without_reading_it_all(path: Path) -> None:
    path.parent.mkdir(parents=True)
    entry = "  - {name: p%d, query: trade}\n"
    with open(path, "w") as fh:
        fh.write("profiles:\n")
        for i in range(60_000):
            fh.write(entry % i)
    assert path.stat().st_size > 1024 * 1024
    loaded = ProfileStore(path).load()
    assert loaded.problem is not None and "larger than 1024 KB" in loaded.problem
    assert loaded.profiles == ()


def test_a_file_that_is_not_utf8_is_a_problem_not_a_crash(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"profiles:\n  - name: caf\xe9\n    query: x\n")
    assert "UTF-8" in ProfileStore(path).load().problem


def test_one_bad_entry_does_not_hide_the_good_ones(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("profiles:\n"
                    "  - {name: good, query: trade}\n"
                    "  - {name: bad, query: trade, sort: sideways}\n"
                    "  - {name: also good, query: gas}\n")
    loaded = ProfileStore(path).load()
    assert names(loaded) == ["also good", "good"]
    assert loaded.problem.startswith(f"{path}:3:") and "sideways" in loaded.problem


def test_the_next_save_keeps_a_broken_file_as_bak_and_never_overwrites_it(path: Path) -> None:
    path.parent.mkdir(parents=True)
    broken = b"profiles:\n  - name: precious\n    query: hand written\n    query: twice\n"
    path.write_bytes(broken)
    store = ProfileStore(path)
    assert store.load().problem is not None

    change = store.save(SearchProfile(name="new", query="trade"))
    assert change.rescued == store.backup_path
    assert store.backup_path.read_bytes() == broken
    after = ProfileStore(path).load()
    assert after.problem is None and names(after) == ["new"]

    # Later saves rotate .bak no more while it holds the rescued file.
    store.save(SearchProfile(name="newer", query="gas"))
    store.save(SearchProfile(name="newest", query="oil"))
    assert store.backup_path.read_bytes() == broken

    # A second broken file is kept too, beside the first.
    path.write_bytes(b"profiles: [\n")
    second = store.save(SearchProfile(name="again", query="x"))
    assert second.rescued is not None and second.rescued != store.backup_path
    assert second.rescued.read_bytes() == b"profiles: [\n"
    assert store.backup_path.read_bytes() == broken


def test_a_partly_bad_file_is_rescued_too_and_its_good_profiles_carried_over(path: Path) -> None:
    path.parent.mkdir(parents=True)
    text = "profiles:\n  - {name: good, query: trade}\n  - {name: bad, query: [x]}\n"
    path.write_text(text)
    change = ProfileStore(path).save(SearchProfile(name="new", query="gas"))
    assert change.rescued is not None and change.rescued.read_text() == text
    assert names(ProfileStore(path)) == ["good", "new"]


def test_a_folder_where_the_file_should_be_is_a_problem_and_a_clear_save_error(path: Path) -> None:
    path.mkdir(parents=True)
    store = ProfileStore(path)
    assert "folder" in store.load().problem
    with pytest.raises(ProfileError, match="not a regular file"):
        store.save(SearchProfile(name="x", query="y"))


# -- writing safely -----------------------------------------------------------------------

def test_what_is_written_reads_back_through_the_strict_loader(store: ProfileStore, path: Path) -> None:
    shared = ("reuters",)
    store.save(SearchProfile(name="a", query="x", filters=SearchFilters(sources=shared, entities=("org:gazprom",))))
    store.save(SearchProfile(name="b", query="y", filters=SearchFilters(sources=shared)))
    text = path.read_text()
    assert "&" not in text and "*" not in text and "!!" not in text
    assert load_yaml_file(path).data["version"] == "1"


def test_stale_temp_files_of_a_killed_writer_are_cleaned_on_the_next_save(store: ProfileStore, path: Path) -> None:
    store.save(SearchProfile(name="a", query="x"))
    stale = [path.parent / ".profiles.yaml.dead1234.tmp", path.parent / ".profiles.yaml.bak.dead5678.tmp"]
    for f in stale:
        f.write_text("half a file")
    unrelated = path.parent / "notes.tmp"
    unrelated.write_text("mine")
    store.save(SearchProfile(name="b", query="y"))
    assert not any(f.exists() for f in stale)
    assert unrelated.exists()


def test_a_lock_held_elsewhere_gives_a_clear_error_and_changes_nothing(path: Path) -> None:
    store = ProfileStore(path, lock_timeout=0.2)
    store.save(SearchProfile(name="a", query="x"))
    before = path.read_bytes()
    with exclusive_lock(store.lock_path):
        with pytest.raises(ProfileError, match="try again"):
            store.save(SearchProfile(name="b", query="y"))
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_gives_a_clear_error(path: Path) -> None:
    store = ProfileStore(path)
    store.save(SearchProfile(name="a", query="x"))
    path.parent.chmod(0o500)
    try:
        with pytest.raises(ProfileError, match="cannot save profiles"):
            store.save(SearchProfile(name="b", query="y"))
    finally:
        path.parent.chmod(0o700)
    assert names(ProfileStore(path)) == ["a"]


def test_the_file_is_private_to_the_user(store: ProfileStore, path: Path) -> None:
    store.save(SearchProfile(name="a", query="x"))
    assert path.stat().st_mode & 0o077 == 0


# -- rename and delete ---------------------------------------------------------------------

def test_rename_keeps_the_search_and_refuses_a_taken_name(store: ProfileStore) -> None:
    store.save(ENERGY)
    store.save(SearchProfile(name="Other", query="x"))
    renamed = store.rename("energy deals", "Gas and oil").profile
    assert same_search(renamed, SearchProfile(**{**ENERGY.__dict__, "name": "Gas and oil"}))
    assert names(store) == ["Gas and oil", "Other"]
    with pytest.raises(ProfileError, match="already exists"):
        store.rename("Gas and oil", "OTHER")
    assert store.rename("gas and oil", "GAS AND OIL").profile.name == "GAS AND OIL"
    with pytest.raises(NotFoundError):
        store.rename("nope", "x")


def test_delete_removes_only_that_profile(store: ProfileStore) -> None:
    store.save(ENERGY)
    store.save(SearchProfile(name="Other", query="x"))
    deleted = store.delete("ENERGY DEALS").profile
    assert deleted.name == "Energy deals"
    assert names(ProfileStore(store.path)) == ["Other"]
    with pytest.raises(NotFoundError, match="no saved profile"):
        store.delete("Energy deals")


# -- defaults from config.yaml ---------------------------------------------------------------

def write_config(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(body)
    return config


def test_defaults_come_from_config_and_a_user_profile_overrides_one(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, (
        "profiles:\n"
        "  - name: Energy deals\n    query: gas\n    view: comparison\n"
        "  - name: Xi\n    filters: {entities: [person:xi_jinping]}\n"
    )), project_file=None, user_file=None)
    store = ProfileStore.from_config(config)
    assert [(p.name, p.origin) for p in store.list()] == [("Energy deals", "default"), ("Xi", "default")]

    store.save(SearchProfile(name="energy DEALS", query="oil"))
    assert [(p.name, p.origin, p.query) for p in store.list()] == [
        ("energy DEALS", "user", "oil"), ("Xi", "default", "")]

    with pytest.raises(ProfileError, match="default profiles live in config.yaml"):
        store.delete("xi")
    with pytest.raises(ProfileError, match="default profiles live in config.yaml"):
        store.rename("Xi", "Jinping")
    store.delete("Energy Deals")  # the user's override goes; the default shows again
    assert [(p.name, p.origin) for p in store.list()] == [("Energy deals", "default"), ("Xi", "default")]


def test_the_config_mapping_form_moves_the_file(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, (
        "profiles:\n  file: mine/profiles.yaml\n  defaults:\n    - {name: d, query: trade}\n"
    )), project_file=None, user_file=None)
    store = ProfileStore.from_config(config)
    assert store.path == tmp_path / "mine" / "profiles.yaml"
    store.save(SearchProfile(name="u", query="x"))
    assert (tmp_path / "mine" / "profiles.yaml").is_file()
    assert [(p.name, p.origin) for p in store.list()] == [("d", "default"), ("u", "user")]


def test_without_a_config_section_the_file_lives_in_the_xdg_data_folder(isolated_xdg: Path) -> None:
    config = load_config(None, project_file=None, user_file=None)
    store = ProfileStore.from_config(config)
    assert store.path == isolated_xdg / "XDG_DATA_HOME" / "summit-tui" / "profiles.yaml"
    assert store.list() == ()


@pytest.mark.parametrize(
    "body, line, complaint",
    [
        ("profiles:\n  - name: d\n    query: x\n    sort: newest\n", 4, "sort 'newest'"),
        ("profiles:\n  files: x.yaml\n", 2, "unknown key 'files'"),
        ("profiles:\n  file: [a, b]\n", 2, "expected a file path"),
        ("profiles: yes\n", 1, "expected a list of profiles"),
        ("profiles:\n  - {name: d, query: x}\n  - {name: D, query: y}\n", 3, "duplicate profile name"),
    ],
)
def test_a_bad_config_section_is_a_config_error_with_its_line(tmp_path: Path, body: str, line: int,
                                                              complaint: str) -> None:
    config_file = write_config(tmp_path, body)
    config = load_config(config_file, project_file=None, user_file=None)
    with pytest.raises(ConfigError) as info:
        ProfileStore.from_config(config)
    assert str(info.value).startswith(f"{config_file}:{line}:"), str(info.value)
    assert complaint in str(info.value)


# -- the last used profile ---------------------------------------------------------------------

def test_the_last_used_profile_is_remembered_across_sessions(path: Path, isolated_xdg: Path) -> None:
    store = ProfileStore(path)
    store.save(ENERGY)
    store.save(SearchProfile(name="Other", query="x"))
    assert store.last_used() is None
    assert store.set_last_used("Energy deals")
    assert ProfileStore(path).last_used().name == "Energy deals"
    assert (isolated_xdg / "XDG_STATE_HOME" / "summit-tui" / "profiles-state.json").is_file()

    store.rename("energy deals", "Gas")
    assert ProfileStore(path).last_used().name == "Gas"
    store.delete("Gas")
    assert ProfileStore(path).last_used() is None


def test_last_used_is_per_profiles_file(tmp_path: Path) -> None:
    a, b = ProfileStore(tmp_path / "a.yaml"), ProfileStore(tmp_path / "b.yaml")
    a.save(SearchProfile(name="same", query="x"))
    b.save(SearchProfile(name="same", query="y"))
    a.set_last_used("same")
    assert a.last_used() is not None and b.last_used() is None


def test_a_garbled_state_file_is_ignored(path: Path) -> None:
    store = ProfileStore(path)
    store.save(ENERGY)
    store.state_path.parent.mkdir(parents=True, exist_ok=True)
    store.state_path.write_text("{not json")
    assert store.last_used() is None
    assert store.set_last_used("energy deals")
    assert store.last_used().name == "Energy deals"


# -- seen from another terminal -------------------------------------------------------------------

def test_a_store_that_is_kept_open_sees_saves_from_elsewhere(path: Path) -> None:
    tui = ProfileStore(path)
    assert tui.list() == ()
    ProfileStore(path).save(ENERGY)
    assert names(tui) == ["Energy deals"]
    path.write_text(path.read_text().replace("Energy deals", "Hand edited"))
    assert names(tui) == ["Hand edited"]


def test_get_of_an_unknown_name_lists_the_known_ones(store: ProfileStore) -> None:
    store.save(ENERGY)
    with pytest.raises(NotFoundError, match="Energy deals"):
        store.get("nope")


def test_a_symlinked_profiles_file_stays_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "profiles.yaml"
    real.write_text("profiles:\n  - {name: from git, query: trade}\n")
    link = tmp_path / "data" / "profiles.yaml"
    link.parent.mkdir()
    link.symlink_to(real)
    ProfileStore(link).save(SearchProfile(name="new", query="gas"))
    assert link.is_symlink()
    assert names(ProfileStore(real)) == ["from git", "new"]
    assert (dotfiles / "profiles.yaml.bak").is_file()


def test_a_profiles_folder_that_cannot_be_made_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the folder should be")
    store = ProfileStore(tmp_path / "not-a-folder" / "profiles.yaml")
    assert store.list() == ()
    with pytest.raises(ProfileError, match="cannot save profiles to"):
        store.save(SearchProfile(name="x", query="y"))
