// The node-crash drill is built on top of the cluster (issue: "The node-crash drill"). Until it lands, the runner
// says so and exits non-zero rather than pretending to have drilled anything.
await Console.Error.WriteLineAsync("drill-runner: the node-crash drill is not implemented yet.");
return 2;
