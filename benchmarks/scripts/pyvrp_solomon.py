"""Solve one Solomon instance with PyVRP (DIMACS rounding: distances x10, truncated) for a fixed
time on one thread; print instance, cost (in Solomon units, /10), feasible, routes."""
import sys
from pyvrp import read, solve, SolveParams
from pyvrp.stop import MaxRuntime

path, seconds, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
data = read(path, round_func="dimacs")
res = solve(data, stop=MaxRuntime(seconds), seed=seed, display=False)
best = res.best
print(f"{path.rsplit('/',1)[-1][:-4]},{best.distance()/10:.1f},{int(best.is_feasible())},{best.num_routes()}")
