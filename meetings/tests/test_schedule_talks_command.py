"""``manage.py schedule_talks``: a file in, a schedule out, and bad input
answered with a readable message instead of a traceback."""

import json

import pytest
from django.core.management import CommandError, call_command

from meetings.scheduling import Schedule, Talk, instance_from_json, schedule_violations

INSTANCE = {
    "rounds": 4,
    "max_talks": 2,
    "applicants": [
        {"id": "a1", "language": "ar", "busy_rounds": [1]},
        {"id": "a2", "language": "", "busy_rounds": []},
        {"id": "a3"},
    ],
    "employers": [
        {"id": "e1", "tables": 1, "away_rounds": []},
        {"id": "e2", "tables": 2, "away_rounds": [0]},
    ],
    "wishes": [
        {"applicant": "a1", "employer": "e1", "value": 32, "interpreter": True},
        {"applicant": "a1", "employer": "e2", "value": 12, "interpreter": False},
        {"applicant": "a2", "employer": "e1", "value": 20, "interpreter": False},
        {"applicant": "a2", "employer": "e2", "value": 8, "interpreter": False},
    ],
    "interpreters": [{"id": "i1", "language": "ar", "rounds": [0, 2]}],
}


def run(tmp_path, instance):
    source = tmp_path / "instance.json"
    source.write_text(instance if isinstance(instance, str) else json.dumps(instance))
    target = tmp_path / "schedule.json"
    call_command("schedule_talks", "--in", str(source), "--out", str(target))
    return json.loads(target.read_text())


def test_a_schedule_is_written_for_an_instance_file(tmp_path):
    answer = run(tmp_path, INSTANCE)

    talks = tuple(Talk(**talk) for talk in answer["talks"])
    instance = instance_from_json(json.dumps(INSTANCE))
    assert schedule_violations(instance, Schedule(talks=talks)) == []
    assert sorted((t.applicant, t.employer) for t in talks) == [
        ("a1", "e1"),
        ("a1", "e2"),
        ("a2", "e1"),
        ("a2", "e2"),
    ]
    assert [t.interpreter for t in talks if t.applicant == "a1" and t.employer == "e1"] == ["i1"]
    assert all(t.interpreter is None for t in talks if (t.applicant, t.employer) != ("a1", "e1"))
    stats = answer["stats"]
    assert stats["talks"] == 4
    assert stats["applicants_with_talk"] == 2
    assert stats["applicants_without_talk"] == 1
    assert stats["total_value"] == 72
    assert stats["interpreters_used"] == 1
    assert stats["optimal"] is True
    assert stats["without_talk"] == [
        {"applicant": "a3", "reason": "no_wish", "detail": "no wish with any employer"}
    ]


def _broken(**changes):
    instance = json.loads(json.dumps(INSTANCE))
    for path, value in changes.items():
        *parents, key = path.split("__")
        item = instance
        for part in parents:
            item = item[int(part)] if part.isdigit() else item[part]
        item[int(key) if key.isdigit() else key] = value
    return instance


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        (
            '{"rounds": 4,\n  "max_talks": 2,,\n}',
            "not valid JSON: line 2, column 18: Expecting property name enclosed in double quotes",
        ),
        (
            _broken(wishes__1__employer="e9"),
            "wishes[1].employer: no employer has the id 'e9'",
        ),
        (
            _broken(wishes__2__applicant="zz"),
            "wishes[2].applicant: no applicant has the id 'zz'",
        ),
        (
            _broken(applicants__0__busy_rounds=[1, 4]),
            "applicants[0].busy_rounds: round 4 outside 0..3 (rounds are numbered from 0)",
        ),
        (
            _broken(employers__1__away_rounds=[-1]),
            "employers[1].away_rounds: round -1 outside 0..3 (rounds are numbered from 0)",
        ),
        (
            _broken(interpreters__0__rounds=[0, 7]),
            "interpreters[0].rounds: round 7 outside 0..3 (rounds are numbered from 0)",
        ),
        (
            _broken(interpreters__0__language=""),
            "interpreters[0].language: missing (which language?)",
        ),
        (
            {**INSTANCE, "interpreters": [{"id": "i1", "rounds": [0]}]},
            "interpreters[0].language: missing",
        ),
        (
            _broken(employers__0__tables=-1),
            "employers[0].tables: must be 0 or more, not -1",
        ),
        (
            {**INSTANCE, "max_talks": -2},
            "max_talks: must be 0 or more, not -2",
        ),
        (
            {**INSTANCE, "max_talks": "3"},
            "max_talks: must be a whole number, not '3'",
        ),
    ],
)
def test_bad_input_is_refused_with_a_readable_message(tmp_path, instance, message):
    with pytest.raises(CommandError) as raised:
        run(tmp_path, instance)

    assert str(raised.value).startswith(f"{tmp_path / 'instance.json'} is not a valid instance:")
    assert message in str(raised.value)
    assert "Traceback" not in str(raised.value)


def test_an_interpreted_wish_of_an_applicant_without_language_is_refused(tmp_path):
    instance = _broken(applicants__0__language="")

    with pytest.raises(CommandError, match=r"wishes\[0\].interpreter: applicant 'a1' has no "):
        run(tmp_path, instance)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="missing.json: cannot be read"):
        call_command(
            "schedule_talks", "--in", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")
        )


def test_the_command_prints_a_summary_line(tmp_path, capsys):
    run(tmp_path, INSTANCE)

    assert capsys.readouterr().out.startswith(
        "4 talks, 2 applicants with a talk, 1 without, value 72"
    )
