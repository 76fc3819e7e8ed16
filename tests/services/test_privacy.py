"""Issue 12, tried as an attacker would: masking that can be undone, keys bound to users and changed when a
user goes, audited searches and list views, restores checked like `check`.

Each test plays the attack as a real role (viewer 领导 and admin may not reveal; grid worker, police, office
may) and counts what it recovers: the assertion is that it recovers nothing."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import shutil

import pytest
from sqlalchemy import select

from gridapp.core.errors import AuthError, DatabaseError, ValidationError
from gridapp.core.idnumber import make_id, mask_id
from gridapp.core.permissions import Principal, Role
from gridapp.db import keystore
from gridapp.db.database import connect_raw, open_database
from gridapp.db.keystore import KeyFile, keyfile_path
from gridapp.db.models import AuditLog
from gridapp.services.ledger import ELSEWHERE
from gridapp.services.registry import RegistryService, ResidentFilter, ResidentInput
from gridapp.services.session import AppSession
from gridapp.services.units import UnitService
from gridapp.services.users import Authenticator, UserService, create_installation
from gridapp.services.visits import OTHER_MONTHLY, VisitService

TOWN = "370303001"
COMM = "370303001001"
GRID1, GRID2 = "370303001001001", "370303001001002"
ADMIN_PW = "Guard-2026!"
PW = "grid2026pw"
BORN = [dt.date(1980, 6, 15), dt.date(1975, 11, 2), dt.date(1990, 1, 30), dt.date(1962, 8, 8)]


@pytest.fixture
def town(tmp_path):
    """An encrypted town: one community, two grids, users of every kind that matters, four residents in
    households of GRID1 (with phones) and one in GRID2."""
    path = tmp_path / "town.sqlite3"
    inst = create_installation(path, unit_code=TOWN, unit_name="城东街道", level="town", admin_name="admin",
                               admin_password=ADMIN_PW)
    db, admin = inst.db, inst.principal
    units = UnitService(db, admin)
    units.add(COMM, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    us = UserService(db, admin)
    us.add("worker1", PW, Role.GRID_WORKER, GRID1)
    us.add("worker2", PW, Role.GRID_WORKER, GRID2)
    us.add("viewer", PW, Role.VIEWER, TOWN)
    us.add("police", PW, Role.POLICE, COMM)
    us.add("chief", PW, Role.GRID_CHIEF, COMM)
    us.add("office", PW, Role.OFFICE, TOWN)
    reg = RegistryService(db, TOWN)
    people = {}
    for i, born in enumerate(BORN):
        hid = reg.create_household(GRID1, f"和平路{i + 1}号")
        idn = make_id("370303", born, 11 + 2 * i)
        people[idn] = reg.create_resident(ResidentInput(
            grid_code=GRID1, id_number=idn, name=f"居民{i}", phone=f"1381234{i:04d}", household_id=hid,
            relation_to_head="02"))
    other = make_id("370303", dt.date(1985, 3, 3), 21)
    people[other] = reg.create_resident(ResidentInput(grid_code=GRID2, id_number=other, name="邻网格居民",
                                                      phone="13900001111"))
    db.close()
    return path, people, inst.recovery_key


def login(path, user, pw=PW) -> AppSession:
    return AppSession.login(path, user, pw, daily_backup=False)


def rebuilt(masked: str, texts) -> set[str]:
    """Every ID number an attacker can make by putting 8 digits seen beside the masked one into the gap."""
    flat = " ".join(str(t) for t in texts if t is not None)
    digits = re.sub(r"(?<=\d)[-/.年月](?=\d)", "", flat)
    out = set()
    for run in re.findall(r"\d{8,}", digits):
        for i in range(len(run) - 7):
            out.add(masked[:6] + run[i:i + 8] + masked[-4:])
    return out


def recovered(full_ids, rows) -> int:
    """How many full ID numbers the rows give away: rows are (masked id, texts shown with it)."""
    full = set(full_ids)
    return sum(1 for masked, texts in rows if rebuilt(masked, texts) & full)


# -- 1. masked views do not show what the mask hides -------------------------------------------------------


def test_no_masked_view_or_export_rebuilds_an_id_number(town, tmp_path):
    """Search, list, history, household, CSV and xlsx export, roster and household card: 0 of 5 rebuilt
    (on main: every one, from the birth date printed beside the mask)."""
    from openpyxl import load_workbook

    from gridapp.services.reports import ReportRequest

    path, people, _ = town
    s = login(path, "viewer")
    try:
        reg = s.registry()
        rows = []
        for v in reg.find("居民").rows + reg.page(ResidentFilter()):
            assert v.birth_date is None and v.birth_year in {b.year for b in BORN} | {1985}
            rows.append((v.id_number, [json.dumps(dataclasses.asdict(v), default=str)]))
        for rid in people.values():
            history = reg.history(rid)
            rows.append((mask_id(next(k for k in people if people[k] == rid)),
                         [json.dumps(h.fields, ensure_ascii=False) for h in history]))
            hid = reg.household_of(rid)
            if hid:
                for m in reg.household(hid).members:
                    rows.append((m.id_number, [m.age, m.name]))
        reg.export_residents_csv(tmp_path / "r.csv")
        with (tmp_path / "r.csv").open(encoding="utf-8-sig") as fh:
            rows += [(r[2], r) for r in list(csv.reader(fh))[1:]]
        s.ledger().export(tmp_path / "r.xlsx")
        rows += [(r[2], r) for r in list(load_workbook(tmp_path / "r.xlsx").active.iter_rows(values_only=True))[1:]]
        for name in ("roster", "household_card"):
            data = s.reports.prepare(ReportRequest(name, GRID1, "2026-06"))
            members = ([m for g in data.grids for b in g.buildings for h in b.households for m in h.members]
                       if name == "roster" else [m for c in data.cards for m in c.members])
            assert members
            rows += [(m.id_number, dataclasses.astuple(m)) for m in members]
        assert len(rows) > 30
        assert recovered(people, rows) == 0
    finally:
        s.close()


def test_masked_reports_show_an_age_that_does_not_move_with_the_period(town):
    """The exact age on the period's last day changes in the birth month: printing every month of a year told
    the month (and with the year and the check digit, about 3 candidate dates). Masked, the age is the one
    reached in the year; revealed (audited), the exact age."""
    from gridapp.services.reports import ReportRequest

    path, _, _ = town
    s = login(path, "worker1")
    try:
        def ages(period: str, reveal: bool = False) -> list[str]:
            data = s.reports.prepare(ReportRequest("roster", GRID1, period, reveal=reveal))
            return sorted(m.age for g in data.grids for b in g.buildings for h in b.households for m in h.members)

        assert ages("2026-01") == ages("2026-05") == ages("2026-12")
        assert ages("2026-01", True) != ages("2026-12", True)
    finally:
        s.close()


def test_the_cli_search_prints_the_birth_year_not_the_date(town, capsys, monkeypatch):
    from gridapp.cli import main

    path, people, _ = town
    first = login(path, "viewer")  # the administrator set this password: the user changes it at first sign-in
    try:
        first.users().change_password(PW, PW + "-own")
    finally:
        first.close()
    monkeypatch.setenv("GRIDAPP_PASSWORD", PW + "-own")
    assert main(["--db", str(path), "--user", "viewer", "residents", "search", "居民", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["residents"]
    assert items and all("birth_date" not in i for i in items)
    assert recovered(people, [(i["id_number"], [json.dumps(i)]) for i in items]) == 0
    assert main(["--db", str(path), "--user", "viewer", "residents", "search", "居民"]) == 0
    out = capsys.readouterr().out
    assert recovered(people, [(line.split("\t")[3], [line]) for line in out.splitlines() if "\t" in line]) == 0


# -- 2. searches do not confirm masked digits ------------------------------------------------------------------


def test_a_phone_prefix_search_no_longer_recovers_the_hidden_digits(town):
    """The attack: 138****0002 shown; search 1380, 1381, … to learn digit 4, then digit 5, … (about 19
    searches for 4 digits on main). Without the reveal permission every such search is refused."""
    path, _, _ = town
    s = login(path, "viewer")
    try:
        reg = s.registry()
        target = reg.find("居民2").rows[0]
        assert target.phone == "138****0002"
        known, searches = target.phone[:3], 0
        for _position in range(4):
            for d in "0123456789":
                searches += 1
                try:
                    hits = reg.find(known + d).rows
                except ValidationError as exc:
                    assert "被遮盖" in exc.message
                    continue
                if any(r.id == target.id for r in hits):
                    known += d
                    break
            else:
                break
        assert known == "138"  # nothing learned
        # ID endings longer than the 4 shown: refused too; 4 or fewer, or the whole number: answered
        idn_tail = target.id_number[-4:]
        with pytest.raises(ValidationError):
            reg.find("1" + idn_tail)
        assert target.id in [r.id for r in reg.find(idn_tail).rows]
        assert [r.id for r in reg.find("13812340002").rows] == [target.id]
        # every search is in the audit log, the number masked as the lists mask it
        with s.db.read() as rs:
            details = [json.loads(d) for (d,) in rs.execute(select(AuditLog.detail).where(
                AuditLog.username == "viewer", AuditLog.action == "view"))]
        searched = [d["search"] for d in details if "search" in d]
        assert len(searched) >= 3 and "*******0002" in searched and "13812340002" not in json.dumps(details)
    finally:
        s.close()


def test_a_role_that_may_reveal_still_searches_by_prefix_and_is_audited(town):
    path, _, _ = town
    s = login(path, "police")
    try:
        assert [r.name for r in s.registry().find("13812340").rows] == ["居民0", "居民1", "居民2", "居民3"]
        with s.db.read() as rs:
            assert rs.execute(select(AuditLog.id).where(AuditLog.username == "police",
                                                        AuditLog.detail.like('%"search"%'))).first()
    finally:
        s.close()


def test_list_views_are_audited_once_per_view_not_per_page(town):
    path, _, _ = town
    s = login(path, "viewer")
    try:
        reg = s.registry()

        def views() -> int:
            with s.db.read() as rs:
                return len(rs.execute(select(AuditLog.id).where(
                    AuditLog.username == "viewer", AuditLog.action == "view")).all())

        before = views()
        f = ResidentFilter(grid_code=GRID1)
        reg.page(f, offset=0, limit=2)
        ids = reg.id_list(f)
        for i in range(0, len(ids), 2):  # scrolling: no new rows
            reg.rows(ids[i:i + 2])
        reg.page(f, offset=2, limit=2)
        assert views() == before + 1
        # and the sort by birth date, which would line people up by the hidden date, is by name instead
        assert [v.name for v in reg.page(f, sort="birth_date")] == sorted(v.name for v in reg.page(f))
    finally:
        s.close()


def test_sync_conflicts_are_masked_for_the_administrator(town):
    """Two edits of one phone: the administrator (no reveal) sees both values masked, and resolving by side
    keeps the stored value, not the masked text."""
    import itertools

    from gridapp.db.models import Resident, SyncConflict

    path, people, _ = town
    s = login(path, "admin", ADMIN_PW)
    try:
        rid = next(iter(people.values()))
        when = dt.datetime(2026, 1, 1)
        with s.db.write() as w:
            for field, a, b in (("phone", "13811112222", "13933334444"), ("birth_date", "1980-06-15", "1980-06-16")):
                w.add(SyncConflict(table_name="resident", row_id=rid, field=field, value_a=json.dumps(a), hlc_a=1,
                                   node_a="a" * 16, value_b=json.dumps(b), hlc_b=2, node_b="b" * 16,
                                   detected_at=when))
        got = s.sync.conflicts(include_resolved=True)
        text = json.dumps([dataclasses.asdict(c) for c in got], ensure_ascii=False)
        assert "13811112222" not in text and "13933334444" not in text and "1980-06-1" not in text
        phone = next(c for c in got if c.field == "phone")
        assert (phone.value_a, phone.value_b, phone.masked) == ("138****2222", "139****4444", True)
        assert not any(a == b for a, b in itertools.combinations([phone.value_a, phone.value_b], 2))
    finally:
        s.close()
    office = login(path, "office")
    try:
        c = next(c for c in office.sync.conflicts(include_resolved=True) if c.field == "phone")
        assert c.value_a == "13811112222"  # a role that may reveal sees the values
        office.sync.resolve(c.id, take="b")
        with office.db.read() as rs:
            assert rs.get(Resident, rid).phone == "13933334444"
    finally:
        office.close()


# -- 3. the import preview names no other grid, and is audited -------------------------------------------------


def test_a_dry_run_import_does_not_say_which_grid_holds_a_person(town, tmp_path):
    from openpyxl import Workbook

    path, people, _ = town
    elsewhere = next(k for k in people if k[6:14] == "19850303")
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "网格编码"])
    wb.active.append(["某人", elsewhere, GRID1])
    wb.save(tmp_path / "l.xlsx")
    s = login(path, "worker1")
    try:
        plan = s.ledger().prepare(tmp_path / "l.xlsx")
        reason = plan.refused[0].reason
        assert reason == ELSEWHERE == "已在其他网格登记，请联系社区" and GRID2 not in reason
        with s.db.read() as rs:
            detail = json.loads(rs.execute(select(AuditLog.detail).where(
                AuditLog.username == "worker1", AuditLog.detail.like("%import_preview%"))).scalar_one())
        assert detail["import_preview"] == "l.xlsx" and detail["elsewhere"] == 1
    finally:
        s.close()


# -- 4. one label for every special group visited monthly -------------------------------------------------------


def test_visits_due_gives_one_label_to_every_special_group(town):
    """社区矫正 alone was shown as 其他按月走访情形, so the label named it. Now every special group is a
    monthly reason and all share the label: a grid worker cannot tell 社区矫正 from 刑满释放 or 严重精神障碍."""
    path, people, _ = town
    db = open_database(path, key=_key(path))
    try:
        reg = RegistryService(db, TOWN)
        ids = list(people.values())
        for rid, tag in zip(ids, ("社区矫正", "刑满释放", "严重精神障碍"), strict=False):
            reg.add_tag(rid, tag)
        hids = [reg.household_of(r) for r in ids[:4]]
        worker = VisitService(db, Principal("u", "worker1", Role.GRID_WORKER, GRID1))
        police = VisitService(db, Principal("p", "police", Role.POLICE, COMM))
        shown = {d.household_id: (d.reason, d.monthly) for d in worker.due(GRID1)}
        assert [shown[h] for h in hids[:3]] == [(OTHER_MONTHLY, True)] * 3
        assert shown[hids[3]] == ("普通户", False)
        seen = {d.household_id: d.reason for d in police.due(GRID1)}
        assert [seen[h] for h in hids[:3]] == ["社区矫正", "刑满释放", "严重精神障碍"]
    finally:
        db.close()


def _key(path) -> bytes:
    return KeyFile.for_db(path).unlock("admin", ADMIN_PW)


# -- 5. key entries bound to their users; roles only in the database --------------------------------------------


def test_copying_ones_own_entry_under_admin_does_not_log_in_as_admin(town):
    path, _, _ = town
    raw = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    mine = raw["users"]["worker1"]
    assert "role" not in json.dumps(raw)  # roles are in the encrypted database only
    for forged in ({**mine}, {**mine, "user_id": raw["users"]["admin"]["user_id"]}):
        raw["users"]["admin"] = forged
        keyfile_path(path).write_text(json.dumps(raw), encoding="utf-8")
        with pytest.raises(AuthError):
            login(path, "admin", PW)
    s = login(path, "worker1")  # the worker's own entry still works
    assert s.principal.role == Role.GRID_WORKER
    s.close()


def _make_format_1(path, passwords: dict[str, str], recovery: str | None) -> None:
    """Rewrite the sidecar as the app before this change wrote it: the data key wrapped by each password with
    the user id alone as associated data, and by the recovery key."""
    key = _key(path)
    kf = KeyFile.for_db(path)
    for name, pw in passwords.items():
        uid = kf.users[name]["user_id"]
        kf.users[name] = {"user_id": uid, "wrap": keystore.wrap_key(key, pw, uid)}
    if recovery:
        kf.recovery = keystore.wrap_key(key, keystore.normalise_recovery_key(recovery), "recovery")
    kf.save()


def test_an_old_sidecar_still_opens_and_is_converted_at_login(town):
    path, _, recovery = town
    _make_format_1(path, {"admin": ADMIN_PW, "worker1": PW, "viewer": PW}, recovery)
    raw = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    # the old attack on an old sidecar: the worker's wrap under admin; the user id binds it to the worker
    stolen = {**raw["users"]["worker1"]}
    raw["users"]["admin"], saved = stolen, raw["users"]["admin"]
    keyfile_path(path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(AuthError):
        login(path, "admin", PW)
    raw["users"]["admin"] = saved
    keyfile_path(path).write_text(json.dumps(raw), encoding="utf-8")
    s = login(path, "worker1")
    s.close()
    kf = KeyFile.for_db(path)
    assert "public" in kf.users["worker1"] and "wrap" not in kf.users["worker1"]
    assert kf.is_legacy("viewer") and kf.recovery_is_legacy
    # the administrator disables someone before viewer ever logs in again: viewer needs a reset, and the old
    # recovery key (which wraps the old key itself) is replaced by a new one, shown once
    admin = login(path, "admin", ADMIN_PW)
    try:
        users = admin.users()
        users.set_disabled("worker2", True)
        change = users.key_change
        assert change.dropped == ["viewer"] and change.recovery_key
    finally:
        admin.close()
    with pytest.raises(AuthError):
        Authenticator(path).recover(recovery, "admin", "New-pass-2026")
    db, who = Authenticator(path).recover(change.recovery_key, "admin", "New-pass-2026")
    db.close()
    assert who.username == "admin"


# -- 6. disabling or resetting changes the data key ------------------------------------------------------------


def test_a_disabled_users_old_entry_and_password_no_longer_open_the_live_file(town, tmp_path):
    path, _, recovery = town
    kept = tmp_path / "kept.keys"
    shutil.copyfile(keyfile_path(path), kept)  # what a user could keep (or find in any backup)
    old_key = KeyFile.for_db(path).unlock("worker1", PW)
    admin = login(path, "admin", ADMIN_PW)
    try:
        admin.users().set_disabled("worker1", True)
        admin.users().reset_password("chief", "Boss-new-2026x")
    finally:
        admin.close()
    # the old sidecar opens the old key, which no longer opens the live file
    old = json.loads(kept.read_text(encoding="utf-8"))
    copy = KeyFile(keyfile_path(tmp_path / "x.sqlite3"), True, old["users"], old["recovery"])
    for name, pw in (("worker1", PW), ("chief", PW)):
        key = copy.unlock(name, pw)
        assert key == old_key
        with pytest.raises(DatabaseError, match="无法解密"):
            open_database(path, key=key)
    with pytest.raises(AuthError):
        login(path, "chief", PW)  # the old password
    with pytest.raises(AuthError):
        login(path, "worker1")
    for name, pw in (("chief", "Boss-new-2026x"), ("viewer", PW), ("police", PW), ("worker2", PW)):
        s = login(path, name, pw)  # everyone else opens the new key with the password they had
        assert s.db.key != old_key
        s.close()
    db, _ = Authenticator(path).recover(recovery, "viewer", "Look-new-2026x")  # and so does the recovery key
    db.close()
    with open_database(path, key=_key(path)).engine.connect() as c:
        ops = [json.loads(d).get("op") for (d,) in c.exec_driver_sql("SELECT detail FROM audit_log")]
    assert ops.count("rekey") == 2


def test_a_crash_in_the_middle_of_a_key_change_leaves_a_file_that_opens(town, monkeypatch):
    from gridapp.db.database import Database

    path, _, _ = town
    admin = login(path, "admin", ADMIN_PW)

    def crash(self) -> None:
        raise KeyboardInterrupt  # after the rekey, before the sidecar keeps only the new key

    monkeypatch.setattr(KeyFile, "commit_next", crash)
    with pytest.raises(KeyboardInterrupt):
        admin.users().set_disabled("worker2", True)
    admin.db.engine.dispose()
    monkeypatch.undo()
    assert any("next" in e for e in KeyFile.for_db(path).users.values())
    s = login(path, "viewer")  # opens under the staged key and finishes the sidecar
    s.close()
    assert not any("next" in e for e in KeyFile.for_db(path).users.values())

    def before_rekey(self, key) -> None:
        raise KeyboardInterrupt

    admin = login(path, "admin", ADMIN_PW)
    monkeypatch.setattr(Database, "rekey", before_rekey)
    with pytest.raises(KeyboardInterrupt):
        admin.users().set_disabled("police", True)
    admin.db.engine.dispose()
    monkeypatch.undo()
    s = login(path, "viewer")  # the old key still in place: opens under it
    s.close()


# -- 9. restore runs the checks of `check` first -----------------------------------------------------------------


def test_a_backup_with_emptied_change_and_audit_logs_is_refused(town):
    path, _, _ = town
    s = login(path, "admin", ADMIN_PW)
    try:
        backup = s.backups().make()
        conn = connect_raw(backup, s.db.key)
        with conn:
            conn.execute("DELETE FROM change_log")
            conn.execute("DELETE FROM audit_log")
        conn.close()
        with s.db.read() as rs:
            before = rs.execute(select(AuditLog.id)).all()
        with pytest.raises(DatabaseError) as exc:
            s.restore(backup)
        assert "未恢复" in exc.value.message and "变更日志" in exc.value.message and "审计日志" in exc.value.message
    finally:
        s.close()
    s = login(path, "admin", ADMIN_PW)  # nothing was replaced
    try:
        with s.db.read() as rs:
            assert len(rs.execute(select(AuditLog.id)).all()) >= len(before)
        from gridapp.services.check import CheckService

        assert CheckService(s.db).run().ok
    finally:
        s.close()


def test_adding_a_person_registered_in_another_grid_names_neither_the_person_nor_the_grid(town):
    path, people, _ = town
    elsewhere = next(k for k in people if k[6:14] == "19850303")
    s = login(path, "worker1")
    try:
        with pytest.raises(ValidationError) as exc:
            s.registry().create_resident(ResidentInput(grid_code=GRID1, id_number=elsewhere, name="某人"))
        assert "已在其他网格登记，请联系社区" in exc.value.message and "邻网格居民" not in exc.value.message
    finally:
        s.close()


def test_a_database_error_never_carries_the_values_of_its_statement(tmp_path):
    """The GUI's runner logs unexpected errors and the CLI prints them: a failed statement's text must not
    carry an ID number or a phone (SQLAlchemy's hide_parameters)."""
    from sqlalchemy import text

    idn = make_id("370303", dt.date(1980, 6, 15), 11)
    db = open_database(tmp_path / "plain.sqlite3", create=True)
    try:
        with pytest.raises(Exception) as exc, db.write() as w:
            w.execute(text("INSERT INTO resident (id, id_number) VALUES (:rid, :idn)"), {"rid": "x", "idn": idn})
        assert "NOT NULL" in str(exc.value) and idn not in str(exc.value)
    finally:
        db.close()


def test_a_backup_made_before_a_key_change_still_restores_under_the_new_key(town):
    """The key changed when a user was disabled; the daily backups of the days before are under the old key.
    The live file keeps its former keys (inside, under the current key), so restore opens such a backup and
    copies it in under the current key; the disabled user's password still opens nothing."""
    from gridapp.db.models import Resident

    path, people, _ = town
    s = login(path, "admin", ADMIN_PW)
    try:
        backup = s.backups().make()
        old_key = s.db.key
        s.users().set_disabled("worker1", True)
        assert s.db.key != old_key
        with s.db.write() as w:
            w.get(Resident, next(iter(people.values()))).name = "备份后改名"
        s.restore(backup)
        with s.db.read() as rs:
            assert rs.get(Resident, next(iter(people.values()))).name != "备份后改名"
        assert s.db.key != old_key
    finally:
        s.close()
    with pytest.raises(DatabaseError):
        open_database(path, key=old_key)
    with pytest.raises(AuthError):
        login(path, "worker1")
    login(path, "viewer").close()
