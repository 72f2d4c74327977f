package builder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Schemes are the engine address schemes BuildKit's client can dial.
var Schemes = []string{"unix", "tcp", "docker-container", "kube-pod", "ssh"}

// CheckAddr rejects an address whose scheme BuildKit cannot dial, so that
// a typo is a usage error rather than a connection attempt.
func CheckAddr(addr string) error {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok || scheme == "" {
		return fmt.Errorf("engine address %q: want SCHEME://…, SCHEME one of %s", addr, strings.Join(Schemes, ", "))
	}
	if !slices.Contains(Schemes, scheme) {
		return fmt.Errorf("engine address %q: unknown scheme %q (want %s)", addr, scheme, strings.Join(Schemes, ", "))
	}
	if rest == "" || rest == "/" {
		return fmt.Errorf("engine address %q: nothing after %s://", addr, scheme)
	}
	return nil
}

// Pool is a set of engines, each build routed to one of them by its cache
// key with rendezvous (highest random weight) hashing: a key always goes
// to the same engine, where its BuildKit cache is, while different keys
// spread evenly; when an engine is added or removed only the keys it wins
// or won move. An engine that cannot be reached is skipped for the next
// in the key's order. Connections are made on first use and shared.
type Pool struct {
	opts  EngineOptions
	addrs []string // empty: Connect's discovery (BUILDKIT_HOST, Docker, the default socket)
	mu    sync.Mutex
	conns map[string]*poolConn
}

type poolConn struct {
	once sync.Once
	e    *Engine
	err  error
}

// NewPool checks and expands the addresses (a kube-pod:// selector
// becomes one address per running pod) and returns a pool over them. No
// address means one engine, found as Connect finds it.
func NewPool(ctx context.Context, addrs []string, opts EngineOptions) (*Pool, error) {
	var all []string
	for _, a := range addrs {
		if err := CheckAddr(a); err != nil {
			return nil, err
		}
		pods, err := expandSelector(ctx, a, opts.Kubectl)
		if err != nil {
			return nil, err
		}
		for _, p := range pods {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	return &Pool{opts: opts, addrs: all, conns: map[string]*poolConn{}}, nil
}

// Addrs are the pool's engine addresses (empty when discovered).
func (p *Pool) Addrs() []string { return p.addrs }

// Rank orders addrs for key, best first (rendezvous hashing).
func Rank(addrs []string, key string) []string {
	type scored struct {
		addr  string
		score uint64
	}
	s := make([]scored, len(addrs))
	for i, a := range addrs {
		sum := sha256.Sum256([]byte(a + "\x00" + key))
		s[i] = scored{a, binary.BigEndian.Uint64(sum[:8])}
	}
	slices.SortFunc(s, func(x, y scored) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		}
		return strings.Compare(x.addr, y.addr)
	})
	out := make([]string, len(s))
	for i := range s {
		out[i] = s[i].addr
	}
	return out
}

// Skipped is an engine passed over because it could not be reached.
type Skipped struct {
	Addr string
	Err  error
}

// Engine returns the engine for key: the first reachable one in the key's
// rendezvous order. skipped lists the engines tried before it. When none
// answers, the error wraps ErrNoEngine.
func (p *Pool) Engine(ctx context.Context, key string) (e *Engine, skipped []Skipped, err error) {
	if len(p.addrs) == 0 {
		e, err := p.conn(ctx, "")
		return e, nil, err
	}
	order := Rank(p.addrs, key)
	var tried []string
	for _, a := range order {
		e, err := p.conn(ctx, a)
		if err == nil {
			return e, skipped, nil
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		skipped = append(skipped, Skipped{Addr: a, Err: err})
		tried = append(tried, "  "+a+": "+err.Error())
	}
	if len(order) == 1 {
		return nil, nil, skipped[0].Err
	}
	return nil, nil, fmt.Errorf("%w: none of the %d engines answered:\n%s", ErrNoEngine, len(order), strings.Join(tried, "\n"))
}

// conn connects to addr once; its result, good or bad, is kept.
func (p *Pool) conn(ctx context.Context, addr string) (*Engine, error) {
	p.mu.Lock()
	c := p.conns[addr]
	if c == nil {
		c = &poolConn{}
		p.conns[addr] = c
	}
	p.mu.Unlock()
	c.once.Do(func() {
		opts := p.opts
		opts.Addr = addr
		if addr == "" || len(p.addrs) == 1 {
			// One engine: Connect's error says how to start one.
			c.e, c.err = Connect(ctx, opts)
			return
		}
		timeout := opts.Timeout
		if timeout == 0 {
			timeout = 10 * time.Second
		}
		c.e, c.err = dial(ctx, addr, "", opts, timeout)
	})
	return c.e, c.err
}

// Lost marks eng as gone (its connection failed during a build): the
// builds routed to it from now on go to the next engine in their order.
func (p *Pool) Lost(eng *Engine, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for addr, c := range p.conns {
		if c.e == eng {
			c.e.Close()
			lost := &poolConn{err: fmt.Errorf("lost during a build: %w", err)}
			lost.once.Do(func() {})
			p.conns[addr] = lost
		}
	}
}

// Close closes every connection made.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, c := range p.conns {
		if c.e != nil {
			errs = append(errs, c.e.Close())
		}
	}
	return errors.Join(errs...)
}

// expandSelector turns kube-pod://?selector=LABELS[&namespace=NS]
// [&context=CTX][&container=C] into one kube-pod:// address per running
// pod that matches, sorted by name (the way buildx's Kubernetes driver
// spreads builds over a deployment's pods). Other addresses are returned
// as they are.
func expandSelector(ctx context.Context, addr, kubectl string) ([]string, error) {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme != "kube-pod" || u.Query().Get("selector") == "" {
		return []string{addr}, nil
	}
	if u.Host != "" {
		return nil, fmt.Errorf("engine address %q: give a pod name or a selector, not both", addr)
	}
	q := u.Query()
	if kubectl == "" {
		kubectl = "kubectl"
	}
	args := []string{"get", "pods", "--selector", q.Get("selector"), "--field-selector", "status.phase=Running",
		"-o", "jsonpath={.items[*].metadata.name}"}
	if ns := q.Get("namespace"); ns != "" {
		args = append(args, "--namespace", ns)
	}
	if kc := q.Get("context"); kc != "" {
		args = append(args, "--context", kc)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, kubectl, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("engine address %q: listing the pods: %w: %s", addr, err, strings.TrimSpace(stderr.String()))
	}
	pods := strings.Fields(string(out))
	if len(pods) == 0 {
		return nil, fmt.Errorf("engine address %q: no running pod matches selector %q", addr, q.Get("selector"))
	}
	slices.Sort(pods)
	q.Del("selector")
	var addrs []string
	for _, pod := range pods {
		a := "kube-pod://" + pod
		if len(q) > 0 {
			a += "?" + q.Encode()
		}
		addrs = append(addrs, a)
	}
	return addrs, nil
}
