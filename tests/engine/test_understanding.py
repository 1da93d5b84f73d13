"""What people type, through the real engine: a story confirmed then skipped, typed
answers in people's own words, corrections, and what happens when the bot does not
understand."""

from __future__ import annotations

import pytest

from bot.engine import Engine

from ..helpers import Conversation

STORY = "In my second interview they asked whether I plan to have kids. I'm not sure I'd take it."


async def test_a_story_is_confirmed_then_only_the_open_questions_are_asked(engine: Engine) -> None:
    chat = Conversation(engine, user="U-story")
    await chat.start(STORY)
    shown = chat.texts()
    assert "Welcome back" not in shown  # a first-time user
    assert (
        "Here's what I took from that: between rounds (2 so far); warning sign: questions that were too personal; you're not sure you'd accept. Right?"
        in shown
    )
    assert chat.node == "_confirm"
    await chat.click("_yes")
    assert chat.node == "drift"  # stage, rounds, the checklist and accept are skipped
    state = await engine.store.load(chat.who)
    assert state is not None
    assert {k: state.answers[k] for k in ("stage", "rounds", "signals", "accept")} == {
        "stage": "between_rounds",
        "rounds": "2",
        "signals": ["inappropriate"],
        "accept": "unsure",
    }


async def test_a_typed_correction_is_read_and_shown_again(engine: Engine) -> None:
    chat = Conversation(engine, user="U-fix", locale="de")
    await chat.start(
        "Im zweiten Gespräch war der Interviewer unhöflich. Ich weiß nicht, ob ich annehme."
    )
    assert "Warnsignal: eine unhöfliche oder herablassende Person im Gespräch" in chat.texts()
    await chat.say("nicht unhöflich, nur zu spät")
    assert "Warnsignal: Gesprächspartner zu spät oder unvorbereitet" in chat.texts()
    assert "unhöfliche" not in chat.texts()
    await chat.say("ja")
    state = await engine.store.load(chat.who)
    assert state is not None and state.answers["signals"] == ["late"]


async def test_a_fix_button_leaves_that_question_to_be_asked(engine: Engine) -> None:
    chat = Conversation(engine, user="U-fixbutton")
    await chat.start(STORY)
    await chat.click("rounds")  # "Fix: rounds, 2 so far"
    assert chat.node == "rounds"
    await chat.say("three")
    assert chat.node == "drift"  # the rest stood


async def test_a_long_answer_at_a_question_is_read_for_everything_it_says(engine: Engine) -> None:
    chat = Conversation(engine, user="U-long")
    await chat.start()
    await chat.say(
        "I'm between rounds, they were late and the benefits turned out worse than described"
    )
    assert chat.node == "_confirm"
    assert (
        "interviewers late or unprepared" in chat.texts()
        and "benefits have shifted" in chat.texts()
    )
    await chat.say("yes")
    assert chat.node == "rounds"  # the first question the story left open


async def test_someone_elses_story_and_a_negated_sign_are_not_taken(engine: Engine) -> None:
    chat = Conversation(engine, user="U-others")
    await chat.start(
        "My friend had a rude interviewer. Mine weren't late, they were just vague about the role."
    )
    assert "rude" not in chat.texts() and "late or unprepared" not in chat.texts()
    assert "a vague job description" in chat.texts()


@pytest.mark.parametrize(
    ("stage", "node", "typed", "expected"),
    [
        ("", "stage", "I'm between rounds", ("stage", "between_rounds")),
        ("", "stage", "on a break", ("stage", "in_interview")),
        ("between_rounds", "reason", "fear of change", ("reason", "deeper")),
        ("between_rounds", "accept", "probably not", ("accept", "unsure")),
        ("between_rounds", "accept", "no thanks", ("accept", "no")),
        ("between_rounds", "search_length", "about three months", ("search_length", "medium")),
    ],
)
async def test_the_phrases_people_typed_are_understood_at_their_question(
    engine: Engine, stage: str, node: str, typed: str, expected: tuple[str, str]
) -> None:
    chat = Conversation(engine, user=f"U-{node}-{typed}")
    await chat.start()
    answers = {
        "stage": "between_rounds",
        "rounds": "2",
        "signals": ["late"],
        "accept": "unsure",
        "drift": "no",
        "reason": "rubbed",
        "factors": [],
    }
    if stage:
        for key, value in answers.items():  # walk to `node` by clicks
            if key == node:
                break
            if isinstance(value, list):
                await chat.tick(*value)
            else:
                await chat.click(value)
    assert chat.node == node
    await chat.say(typed)
    state = await engine.store.load(chat.who)
    assert state is not None and state.answers.get(expected[0]) == expected[1], chat.texts()
    assert "Got it" in chat.texts()  # what was taken, said in one line


async def test_a_miss_offers_the_closest_choice_and_the_second_miss_the_question(
    engine: Engine,
) -> None:
    chat = Conversation(engine, user="U-miss")
    await chat.start()
    await chat.say("betwen intervews")
    assert "Did you mean: Between interview rounds?" in chat.texts()
    assert len(chat.replies) == 1 and [c.label for c in chat.replies[0].choices] == [
        "Between interview rounds"
    ]
    await chat.click("between_rounds")
    assert chat.node == "rounds"
    await chat.say("purple elephant")
    assert len(chat.replies) == 1 and "didn't catch that" in chat.texts()
    await chat.say("green giraffe")
    assert "How many rounds have you had so far?" in chat.texts()  # the whole question again


async def test_several_checklist_items_in_one_line(engine: Engine) -> None:
    chat = Conversation(engine, user="U-many")
    await chat.start()
    await chat.click("offer")
    await chat.say("they were late and rude")
    ticked = [c.label for c in chat.question.choices if c.selected]
    assert ticked == [
        "Interviewers came late or unprepared",
        "The interviewer was rude or dismissive",
    ]
    await chat.say("1, 4 and 8")
    ticked = [c.id.split(":")[1] for c in chat.question.choices if c.selected]
    assert ticked == ["inappropriate", "vague", "rude"]  # 4 (late) toggled off


async def test_a_long_answer_later_on_skips_what_was_answered_before(engine: Engine) -> None:
    chat = Conversation(engine, user="U-later")
    await chat.start()
    await chat.click("between_rounds")
    await chat.click("2")
    await chat.tick()
    await chat.click("unsure")
    await chat.click("no")
    assert chat.node == "reason"
    await chat.say(
        "Honestly I'm scared of leaving my comfortable job, and I've been looking for about eight months"
    )
    assert chat.node == "_confirm"
    await chat.click("_yes")
    assert chat.node == "factors"  # on from reason; search length already said
    await chat.tick()
    assert chat.node == "income"
