"""What makes the bot unhealthy beyond an unreachable database: a backlog past
health.max_backlog, a reply unsent for longer than health.max_reply_age, or a directory
edit that was rejected as broken (the last good version is still served meanwhile)."""

from __future__ import annotations

from bot.runtime import Runtime
from bot.storage import utcnow
from bot.storage.stats import StatsRepository


async def health_problems(runtime: Runtime) -> list[str]:
    """Short reasons, no personal data; empty when healthy."""
    config = runtime.config
    limit = config.health.max_backlog
    row = await StatsRepository(runtime.store).health(
        utcnow() - config.health.max_reply_age)
    problems = []
    if row[0] > limit:
        problems.append(f"inbox backlog {row[0]} is over {limit}")
    if row[1] > limit:
        problems.append(f"outbox backlog {row[1]} is over {limit}")
    if row[2]:
        problems.append(f"{row[2]} replies unsent for longer than "
                        f"{int(config.health.max_reply_age.total_seconds())} s")
    rejected = [w.last_problems for w in runtime.watchers] + [
        c.last_problems for c in runtime.combined]  # a file or folder, or two combined
    for last in rejected:
        if last:
            problems.append(f"directory: the last edit was rejected ({len(last)} problems)")
    return problems
