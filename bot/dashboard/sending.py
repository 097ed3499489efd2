"""Campaign sends run by the server for the dashboard: start, pause, progress.

The same CampaignSender the `campaign send` command uses, as a task in the server's event
loop, delivering through the server's own outbox. Pausing cancels the task, exactly like Ctrl-C on the
command: the sender's records make the next run settle anything mid-send, so nobody is
texted twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from bot.campaigns.records import Campaign
from bot.campaigns.sender import CampaignSender, DailyCapReached, Progress
from bot.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class SendJob:
    """One campaign being sent from the dashboard."""

    campaign_id: int
    task: asyncio.Task[Progress] | None = None
    progress: Progress = field(default_factory=Progress)
    state: str = "sending"  # sending | paused | finished | stopped
    message: str = ""

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()


class Sends:
    """The sends this server is running, by campaign id."""

    def __init__(self) -> None:
        self.jobs: dict[int, SendJob] = {}

    def get(self, campaign_id: int) -> SendJob | None:
        return self.jobs.get(campaign_id)

    def start(self, runtime: Runtime, campaign: Campaign, *, rate: float | None,
              ignore_window: bool) -> SendJob:
        """Start (or resume) sending; a second start while running does nothing."""
        job = self.jobs.get(campaign.id)
        if job is not None and job.running:
            return job
        job = SendJob(campaign.id)
        channels = dict(runtime.outbox.channels)

        def on_progress(progress: Progress) -> None:
            job.progress = progress

        sender = CampaignSender(runtime.store, runtime.config.seen_by(campaign.practice),
                                campaign, channels, rate=rate,
                                ignore_window=ignore_window, on_progress=on_progress,
                                outbox=runtime.outbox)
        job.progress = sender.progress
        job.task = asyncio.create_task(self._run(job, sender), name=f"campaign-{campaign.id}")
        self.jobs[campaign.id] = job
        return job

    async def _run(self, job: SendJob, sender: CampaignSender) -> Progress:
        try:
            progress = await sender.run()
        except DailyCapReached as exc:
            job.state, job.message = "stopped", f"Paused: {exc}. Start again tomorrow."
            return job.progress
        except asyncio.CancelledError:
            job.state = "paused"
            raise
        except Exception as exc:  # shown to staff; details in the log
            log.exception("campaign %d: send stopped by an error", job.campaign_id)
            job.state, job.message = "stopped", f"Stopped by an error: {exc}"
            return job.progress
        job.state = "finished" if progress.remaining == 0 else "stopped"
        return progress

    async def pause(self, campaign_id: int) -> bool:
        """Stop sending safely; returns False if it wasn't running."""
        job = self.jobs.get(campaign_id)
        if job is None or not job.running or job.task is None:
            return False
        job.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await job.task
        job.state = "paused"
        return True

    async def stop_all(self) -> None:
        for campaign_id in list(self.jobs):
            await self.pause(campaign_id)
