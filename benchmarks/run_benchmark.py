"""Benchmark: person-years per second, end-to-end wall time and peak memory at several scales.

Run from the repository root:  python benchmarks/run_benchmark.py  [--scales 0.01 0.1 1.0] [--quick]

Every run also times the reference kernel (reference_kernel.py) over the same persons and years in the
same process, right after the model: the model's loop rate is reported as a ratio to it, which says
more than a rate when the machine is shared.

Each measurement runs in a fresh subprocess (so peak RSS is per scale) with a warm kernel cache;
compile time is measured once, separately, with an empty cache. At the largest scale the run is
repeated on one thread and the two series.csv files must hash the same. The per-agent Mesa path is
timed against the kernels at a small scale on the same rules. Writes benchmarks/results/benchmark.json
and benchmark.md, with the machine they ran on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
RESULTS = ROOT / "benchmarks" / "results"


def worker(scale: float, end_year: int, out: Path, agents: str, profile: bool) -> dict:
    """One run as the command line does it (build, years, outputs), timed phase by phase."""
    import resource

    started = time.perf_counter()
    import reference_kernel

    from careers_abm.core.model import CareersModel
    from careers_abm.report.run_figure import plot_report
    from careers_abm.scenarios.files import write_series

    imported = time.perf_counter()
    phase_seconds = _instrument() if profile else {}
    model = CareersModel(scale=scale, end_year=end_year, agents=agents)
    built = time.perf_counter()
    phase_seconds.clear()
    cpu_at_start = time.process_time()
    while model.running:
        model.step()
    simulated = time.perf_counter()
    loop_cpu_s = time.process_time() - cpu_at_start
    series = model.series()
    write_series(series, out)
    plot_report(series, out / "report.png", title=f"benchmark, scale {scale}")
    written = time.perf_counter()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    years = len(series)
    person_years = float((series["population"] * scale).sum())
    reference = reference_kernel.person_years_per_s(int(model.sim.initial_row["population"] * scale), years)
    return {
        "scale": scale,
        "agents": agents,
        "years": years,
        "persons_2011": model.sim.initial_row["population"] * scale,
        "rows_at_end": model.sim.people.n,
        "person_years": person_years,
        "import_s": imported - started,
        "build_s": built - imported,
        "loop_s": simulated - built,
        "loop_cpu_s": loop_cpu_s,
        "write_s": written - simulated,
        "end_to_end_s": written - started,
        "peak_rss_mb": peak_rss_mb,
        "reference": reference,
        "ratio_to_reference": person_years / (simulated - built) / reference["person_years_per_s"],
        "series_sha256": hashlib.sha256((out / "series.csv").read_bytes()).hexdigest(),
        "phase_ms_per_year": {name: 1000 * seconds / years for name, seconds in phase_seconds.items()},
    }


def _instrument() -> dict:
    """Wrap each step of the yearly schedule with a timer; returns the dict the timers add to."""
    from careers_abm.core import groups, sim

    seconds: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            result = function(*args, **kwargs)
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
            return result

        return wrapper

    for name in ("demography_keys", "schooling", "working_year", "matching"):
        setattr(sim.KernelPhases, name, staticmethod(timed(name, getattr(sim.KernelPhases, name))))
    sim.start_year = timed("start_year (index of the rows visited, events cleared)", sim.start_year)
    groups.SchoolGroups.peer_summary = timed("peer_summary", groups.SchoolGroups.peer_summary)
    groups.SchoolGroups.assign = timed("groups.assign", groups.SchoolGroups.assign)
    for name in ("_deaths_and_births", "_emigration", "_immigration"):
        setattr(sim.Sim, name, timed(name.lstrip("_"), getattr(sim.Sim, name)))
    sim.smallest_keys = timed("smallest_keys (in deaths_and_births, emigration)", sim.smallest_keys)
    sim.LabourMarket.open_vacancies = timed("market.open_vacancies", sim.LabourMarket.open_vacancies)
    sim.Sim.step = timed("whole year", sim.Sim.step)
    return seconds


def measure(scale: float, end_year: int = 2040, threads: int | None = None, agents: str = "none",
            profile: bool = False, cache_dir: Path | None = None, builds: str = "off", build: str = "built",
            ) -> dict:  # fmt: skip
    """Run `worker` in a fresh interpreter and return its figures; `builds`: the 2011 build cache's
    folder (CAREERS_ABM_BUILD_CACHE), "off" by default so that every build is timed; `build` labels
    the run's row ("built", "cached")."""
    env = {**os.environ, "CAREERS_ABM_BUILD_CACHE": builds}
    if threads is not None:
        env["NUMBA_NUM_THREADS"] = str(threads)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = str(cache_dir)
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, __file__, "--worker", str(scale), str(end_year), out, agents]
        command += ["--profile"] if profile else []
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process_s"] = time.perf_counter() - started
    figures["threads"] = threads or os.cpu_count()
    figures["build"] = build
    figures["person_years_per_s"] = figures["person_years"] / figures["loop_s"]
    print(
        f"  scale {scale:<7} {agents:>4} threads {figures['threads']}: loop {figures['loop_s']:.2f} s, "
        f"{figures['person_years_per_s'] / 1e6:.2f} M person-years/s, end to end {figures['end_to_end_s']:.1f} s, "
        f"peak {figures['peak_rss_mb']:.0f} MB; reference kernel "
        f"{figures['reference']['person_years_per_s'] / 1e6:.1f} M/s, ratio {figures['ratio_to_reference']:.3f}",
        flush=True,
    )
    return figures


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))  # fmt: skip
    import numba

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024**2, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{name: version(name) for name in ("numpy", "numba", "mesa", "pandas")},
        "numba_threading_layer_env": os.environ.get("NUMBA_THREADING_LAYER", "default"),
        "numba_default_threads": numba.config.NUMBA_NUM_THREADS,
    }


def load_average() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        "# careers_abm benchmark",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['platform']}; Python {m['python']}, "
        f"numpy {m['numpy']}, numba {m['numba']}, mesa {m['mesa']}, pandas {m['pandas']}.",
        f"Load average (1/5/15 min) at start {report['load_average_start']}, at end {report['load_average_end']}.",
        f"Date: {report['date']}.",
        "",
        "| scale | path | threads | build | persons 2011 | rows at end | person-years | build s | loop s | write s "
        "| end to end s | M person-years/s | loop CPU s | peak RSS MB | reference M/s | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["runs"]:
        lines.append(
            f"| {r['scale']} | {'per-agent' if r['agents'] == 'all' else 'kernels'} | {r['threads']} | {r['build']} "
            f"| {r['persons_2011']:,.0f} | {r['rows_at_end']:,} | {r['person_years'] / 1e6:,.2f} M "
            f"| {r['build_s']:.2f} | {r['loop_s']:.2f} | {r['write_s']:.2f} | {r['end_to_end_s']:.2f} "
            f"| {r['person_years_per_s'] / 1e6:.2f} | {r['loop_cpu_s']:.2f} | {r['peak_rss_mb']:.0f} "
            f"| {r['reference']['person_years_per_s'] / 1e6:.1f} | {r['ratio_to_reference']:.3f} |"
        )
    if "compile_s" in report:
        lines += ["", f"Compile time (empty cache, first run): {report['compile_s']:.1f} s."]
    agent = report.get("per_agent")
    if agent:
        lines.append(
            f"Per-agent Mesa path at scale {agent['scale']} ({agent['end_year']}): "
            f"{agent['agent_person_years_per_s']:,.0f} person-years/s, {agent['slowdown_same_scale']:.0f}x slower "
            f"than the kernels at the same scale, {agent['slowdown_vs_largest']:.0f}x slower than the kernels at "
            f"scale {report['runs'][-1]['scale'] if report['runs'] else '-'}; identical series: {agent['identical']}."
        )
    check = report.get("thread_check")
    if check:
        lines.append(
            f"Scale {check['scale']} on 1 thread vs {check['threads']} threads: series.csv sha256 "
            f"{'identical' if check['identical'] else 'DIFFERENT'} ({check['sha256_1'][:16]}…)."
        )
    profile = report.get("profile")
    if profile:
        lines += ["", f"Time per step of the yearly schedule at scale {profile['scale']} (ms per year):", "",
                  "| step | ms/year |", "|---|---|"]  # fmt: skip
        for name, ms in sorted(profile["phase_ms_per_year"].items(), key=lambda item: -item[1]):
            lines.append(f"| {name} | {ms:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.01, 0.1, 1.0])
    parser.add_argument("--agent-scale", type=float, default=0.0012)
    parser.add_argument("--agent-end", type=int, default=2025)
    parser.add_argument("--no-thread-check", action="store_true", help="skip the 1-thread run at the largest scale")
    parser.add_argument("--no-compile", action="store_true", help="skip the compile-time measurement")
    parser.add_argument("--no-agents", action="store_true", help="skip the per-agent path")
    parser.add_argument("--no-cached", action="store_true", help="skip the run with the 2011 build cached")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    report: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine()}
    report["load_average_start"] = load_average()
    if not args.no_compile:
        print("compile time (empty kernel cache):", flush=True)
        with tempfile.TemporaryDirectory() as cache:
            cold = measure(0.001, 2012, cache_dir=Path(cache))
            warm = measure(0.001, 2012, cache_dir=Path(cache))
        report["compile_s"] = cold["process_s"] - warm["process_s"]
    print("kernels, warm cache:", flush=True)
    largest = max(args.scales)
    report["runs"] = [measure(scale, profile=scale == largest) for scale in sorted(args.scales)]
    top = report["runs"][-1]
    report["profile"] = {"scale": largest, "phase_ms_per_year": top.pop("phase_ms_per_year")}
    if not args.no_cached:
        print(f"scale {largest} with the 2011 build cached:", flush=True)
        with tempfile.TemporaryDirectory() as builds:
            measure(largest, builds=builds)  # builds and stores it
            report["runs"].append(measure(largest, builds=builds, build="cached"))
    for run in report["runs"]:
        run.pop("phase_ms_per_year", None)
    if not args.no_agents:
        print("per-agent Mesa path against the kernels:", flush=True)
        kernels = measure(args.agent_scale, args.agent_end)
        agents = measure(args.agent_scale, args.agent_end, agents="all")
        report["runs"] += [kernels, agents]
        report["per_agent"] = {
            "scale": args.agent_scale,
            "end_year": args.agent_end,
            "agent_person_years_per_s": agents["person_years_per_s"],
            "slowdown_same_scale": kernels["person_years_per_s"] / agents["person_years_per_s"],
            "slowdown_vs_largest": top["person_years_per_s"] / agents["person_years_per_s"],
            "identical": kernels["series_sha256"] == agents["series_sha256"],
        }
    if not args.no_thread_check:
        print(f"thread check at scale {largest}:", flush=True)
        single = measure(largest, threads=1)
        report["runs"].append(single)
        report["thread_check"] = {
            "scale": largest,
            "threads": top["threads"],
            "sha256_1": single["series_sha256"],
            "sha256_n": top["series_sha256"],
            "identical": single["series_sha256"] == top["series_sha256"],
        }
    report["load_average_end"] = load_average()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmark.json").write_text(json.dumps(report, indent=2))
    (args.out / "benchmark.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        scale, end_year, out, agents = float(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
        print(json.dumps(worker(scale, end_year, out, agents, profile="--profile" in sys.argv)))
    else:
        main()
