package builder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/distribution/reference"
)

// dockerPush pushes image from the Docker engine at sock to its registry,
// with the user's credentials for that registry (X-Registry-Auth), and
// returns the pushed digest. Docker's built-in BuildKit exports into
// Docker's image store only; the push is the engine's own, as `docker push`.
func dockerPush(ctx context.Context, sock, image string, creds *Credentials, log io.Writer) (string, error) {
	n, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return "", fmt.Errorf("push %s: %w", image, err)
	}
	tag := "latest"
	if t, ok := n.(reference.Tagged); ok {
		tag = t.Tag()
	}
	auth, err := creds.dockerRegistryAuth(reference.Domain(n))
	if err != nil {
		return "", err
	}
	u := "http://docker/images/" + url.PathEscape(n.Name()) + "/push?" + url.Values{"tag": {tag}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Registry-Auth", auth)
	c := unixHTTP(sock)
	c.Timeout = 0 // a push takes as long as the layers take
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("push %s through docker: %w", image, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return "", fmt.Errorf("push %s through docker: %s: %s", image, resp.Status, b)
	}
	// The answer is a stream of JSON messages; a failure is one with
	// "error", the result one with "aux.Digest".
	dec := json.NewDecoder(resp.Body)
	digest := ""
	for {
		var msg struct {
			Status string `json:"status"`
			ID     string `json:"id"`
			Error  string `json:"error"`
			Aux    struct {
				Digest string `json:"Digest"`
			} `json:"aux"`
		}
		if err := dec.Decode(&msg); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return "", fmt.Errorf("push %s through docker: reading its answer: %w", image, err)
		}
		if msg.Error != "" {
			return "", fmt.Errorf("push %s through docker: %s", image, msg.Error)
		}
		if msg.Aux.Digest != "" {
			digest = msg.Aux.Digest
		}
		if msg.Status != "" && log != nil {
			if msg.ID != "" {
				fmt.Fprintf(log, "push %s: %s: %s\n", image, msg.ID, msg.Status)
			} else {
				fmt.Fprintf(log, "push %s: %s\n", image, msg.Status)
			}
		}
	}
	if digest == "" {
		return "", fmt.Errorf("push %s through docker: the engine reported no pushed digest", image)
	}
	return digest, nil
}
