"""How many statutory due dates ``sar_due_date`` computes per second in one process.

Run: ``uv run python bench/sar_clock.py``. Target (issue 3): at least 100,000 a second.
"""

import datetime
import random
import time

from dpassure.rules.sar import sar_due_date


def cases(count: int) -> list[tuple]:
    rng = random.Random(1)
    base = datetime.date(2024, 1, 1)
    out = []
    for _ in range(count):
        received = base + datetime.timedelta(days=rng.randint(0, 1500))
        clarifications = ()
        if rng.random() < 0.2:
            asked = received + datetime.timedelta(days=rng.randint(1, 10))
            clarifications = ((asked, asked + datetime.timedelta(days=rng.randint(0, 20))),)
        out.append((received, clarifications, rng.random() < 0.1))
    return out


def main(count: int = 200_000, rounds: int = 5) -> None:
    data = cases(count)
    sar_due_date(data[0][0])  # load the bank holidays once
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for received, clarifications, extended in data:
            sar_due_date(received, clarifications=clarifications, extended=extended)
        rates.append(count / (time.perf_counter() - started))
    rates.sort()
    print(
        f"sar_due_date: median {rates[len(rates) // 2]:,.0f} per second, best {rates[-1]:,.0f} "
        f"({count:,} mixed requests x {rounds} rounds; 20% with a clarification, 10% extended)"
    )


if __name__ == "__main__":
    main()
