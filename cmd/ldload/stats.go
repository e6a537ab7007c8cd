package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// stats are the outcomes of one measurement: the latency of each success and a count of
// each kind of failure.
type stats struct {
	latencies []time.Duration
	errors    map[string]int
	elapsed   time.Duration
}

func (s *stats) add(d time.Duration, err error) {
	if err == nil {
		s.latencies = append(s.latencies, d)
		return
	}
	if s.errors == nil {
		s.errors = map[string]int{}
	}
	msg := err.Error()
	if len(msg) > 120 {
		msg = msg[:120] + "…"
	}
	s.errors[msg]++
}

func merge(parts []stats, elapsed time.Duration) stats {
	out := stats{elapsed: elapsed, errors: map[string]int{}}
	for _, p := range parts {
		out.latencies = append(out.latencies, p.latencies...)
		for k, v := range p.errors {
			out.errors[k] += v
		}
	}
	slices.Sort(out.latencies)
	return out
}

func (s *stats) failures() int {
	n := 0
	for _, v := range s.errors {
		n += v
	}
	return n
}

// percentile is the nearest-rank percentile of the successes, in milliseconds; latencies
// must be sorted.
func (s *stats) percentile(p float64) float64 {
	if len(s.latencies) == 0 {
		return 0
	}
	i := max(int(float64(len(s.latencies))*p/100+0.999999)-1, 0)
	return float64(s.latencies[min(i, len(s.latencies)-1)]) / float64(time.Millisecond)
}

func (s *stats) rate() float64 {
	return float64(len(s.latencies)+s.failures()) / s.elapsed.Seconds()
}

// report prints a line for people, the failures by kind, and the RESULT line:
// name, requests, requests/s, p50, p95, p99 (ms), errors.
func (s *stats) report(name string) {
	n := len(s.latencies) + s.failures()
	fmt.Printf("%-28s %7d requests in %5.1fs  %8.1f req/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  errors %d\n",
		name, n, s.elapsed.Seconds(), s.rate(), s.percentile(50), s.percentile(95), s.percentile(99), s.failures())
	for _, k := range slices.Sorted(maps.Keys(s.errors)) {
		fmt.Printf("    %6d × %s\n", s.errors[k], k)
	}
	fmt.Println(strings.Join([]string{"RESULT", name, fmt.Sprint(n), fmt.Sprintf("%.1f", s.rate()),
		fmt.Sprintf("%.2f", s.percentile(50)), fmt.Sprintf("%.2f", s.percentile(95)),
		fmt.Sprintf("%.2f", s.percentile(99)), fmt.Sprint(s.failures())}, "\t"))
}
