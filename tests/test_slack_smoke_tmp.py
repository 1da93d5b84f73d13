from .slack_support import _no_proxy, bot, fake, Driver, walk_to_actions  # noqa: F401

async def test_smoke(bot: Driver) -> None:
    assert await bot.command("U1") == 200
    print(bot.last_ack_seconds)
    print(bot.fake.responses)
    for m in bot.dm("U1"):
        print(m["text"][:80], [b["value"] for b in __import__("tests.slack_support", fromlist=["x"]).buttons_of(m)])
    await walk_to_actions(bot, "U2")
    print([c.method for c in bot.fake.calls][:30])
