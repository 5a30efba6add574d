"""A simulated network of court websites in the real sudrf templates, with faults.

The pages follow the real templates in every variant the fixtures show (classic; VNKOD with
plain or labelled listing lines and three card layouts; appeal tabs; several-server courts with
the server-choice page) and weigh what real pages weigh. Faults are per request (resets, 5xx,
geo-block, truncation, wrong charset, slowness, PHP database warnings) and behavioural, as real
courts apply them (per-court request rate → throttle page or 429 + Retry-After, 403 for
tool-like User-Agents, maintenance windows, expiring captcha sessions). The world's history
moves on between rounds: new cases, results, hidden and removed cases, renumbering, changed
charges, transfers between courts, appeals.

Used by the demo, the tests and the crawl benchmarks::

    world = World.generate(seed=1, courts=8, rounds=3)
    with SimServer(world, plan_from("mild", seed=1)) as server:
        server.base_url            # http://127.0.0.1:<port>; courts under /c/<code>/ or by Host
        server.set_round(1)        # the network moves on: new cases, results, hidden, removed
    world.truth(1)                 # what every site shows in round 1
"""

from refusenik.simulate.courts_pick import SimCourt, pick_courts
from refusenik.simulate.faults import FAULT_KINDS, PROFILES, FaultPlan, plan_from
from refusenik.simulate.server import SimServer
from refusenik.simulate.site import Response, SimSite
from refusenik.simulate.world import World, round_date

__all__ = [
    "FAULT_KINDS",
    "PROFILES",
    "FaultPlan",
    "Response",
    "SimCourt",
    "SimServer",
    "SimSite",
    "World",
    "pick_courts",
    "plan_from",
    "round_date",
]
