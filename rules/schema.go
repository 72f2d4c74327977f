package rules

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// The schemas below are data: the keys the Azure ML SDKs accept, from
// azure-ai-ml's marshmallow schemas (v2) and azureml-core's serialisation of
// Environment (v1, camelCase). AML002 and AML003 walk documents against them.

// vtype is the expected type of a value.
type vtype int

const (
	tAny      vtype = iota
	tStr            // a string (other scalars are wrong)
	tStrNum         // a string or a number (version)
	tInt            // an integer
	tBool           // true or false
	tMap            // a mapping; fields in sub when non-nil
	tSeq            // a sequence
	tStrOrMap       // a path or an inline mapping (conda_file)
)

func (t vtype) String() string {
	switch t {
	case tStr:
		return "a string"
	case tStrNum:
		return "a string"
	case tInt:
		return "an integer"
	case tBool:
		return "true or false"
	case tMap:
		return "a mapping"
	case tSeq:
		return "a list"
	case tStrOrMap:
		return "a path or an inline mapping"
	}
	return "a value"
}

// schemaField describes one key.
type schemaField struct {
	typ vtype
	sub *schema // for tMap (and the mapping form of tStrOrMap)
	// readOnly marks keys the service sets (dump-only in the SDK): writing
	// them is an error too, with its own message.
	readOnly bool
}

// schema describes a mapping.
type schema struct {
	name   string // for messages: "environment", "build", ...
	fields map[string]schemaField
	open   bool // any key allowed (user dictionaries such as tags)
}

func (s *schema) keys() []string {
	var out []string
	for k, f := range s.fields {
		if !f.readOnly {
			out = append(out, k)
		}
	}
	return out
}

var openMap = &schema{name: "mapping", open: true}

func routeSchema(name string) schemaField {
	return schemaField{typ: tMap, sub: &schema{name: name, fields: map[string]schemaField{
		"port": {typ: tInt},
		"path": {typ: tStr},
	}}}
}

// condaSchema is a conda environment file.
func condaSchema() *schema {
	return &schema{name: "conda file", fields: map[string]schemaField{
		"name":         {typ: tStr},
		"channels":     {typ: tSeq},
		"dependencies": {typ: tSeq},
		"prefix":       {typ: tStr},
		"variables":    {typ: tMap, sub: openMap},
		"platforms":    {typ: tSeq},
	}}
}

// envV2Schema is a CLI v2 environment (also the inline form in jobs).
func envV2Schema() *schema {
	return &schema{name: "environment", fields: map[string]schemaField{
		"$schema":     {typ: tStr},
		"name":        {typ: tStr},
		"version":     {typ: tStrNum},
		"description": {typ: tStr},
		"tags":        {typ: tMap, sub: openMap},
		"properties":  {typ: tMap, sub: openMap},
		"image":       {typ: tStr},
		"build": {typ: tMap, sub: &schema{name: "build", fields: map[string]schemaField{
			"path":            {typ: tStr},
			"dockerfile_path": {typ: tStr},
		}}},
		"conda_file": {typ: tStrOrMap, sub: condaSchema()},
		"os_type":    {typ: tStr},
		"inference_config": {typ: tMap, sub: &schema{name: "inference_config", fields: map[string]schemaField{
			"liveness_route":  routeSchema("liveness_route"),
			"readiness_route": routeSchema("readiness_route"),
			"scoring_route":   routeSchema("scoring_route"),
		}}},
		"datastore":             {typ: tStr},
		"intellectual_property": {typ: tMap, sub: openMap},
		"id":                    {typ: tStr, readOnly: true},
		"creation_context":      {typ: tMap, readOnly: true, sub: openMap},
		"latest_version":        {typ: tStr, readOnly: true},
		"auto_delete_setting":   {typ: tMap, readOnly: true, sub: openMap},
	}}
}

// envV1Schema is azureml_environment.json (azureml-core 1.x).
func envV1Schema() *schema {
	str := schemaField{typ: tStr}
	return &schema{name: "environment", fields: map[string]schemaField{
		"name":                    str,
		"version":                 {typ: tStrNum},
		"environmentVariables":    {typ: tMap, sub: openMap},
		"inferencingStackVersion": str,
		"assetId":                 str,
		"python": {typ: tMap, sub: &schema{name: "python", fields: map[string]schemaField{
			"userManagedDependencies": {typ: tBool},
			"interpreterPath":         str,
			"condaDependenciesFile":   str,
			"baseCondaEnvironment":    str,
			"condaDependencies":       {typ: tMap, sub: condaSchema()},
		}}},
		"docker": {typ: tMap, sub: &schema{name: "docker", fields: map[string]schemaField{
			"enabled":        {typ: tBool},
			"baseImage":      str,
			"baseDockerfile": str,
			"buildContext": {typ: tMap, sub: &schema{name: "buildContext", fields: map[string]schemaField{
				"locationType":   str,
				"location":       str,
				"dockerfilePath": str,
			}}},
			"sharedVolumes": {typ: tBool},
			"shmSize":       str,
			"arguments":     {typ: tSeq},
			"gpuSupport":    {typ: tBool},
			"baseImageRegistry": {typ: tMap, sub: &schema{name: "baseImageRegistry", fields: map[string]schemaField{
				"address":  str,
				"username": str,
				"password": str,
				"registryIdentity": {typ: tMap, sub: &schema{name: "registryIdentity", fields: map[string]schemaField{
					"resourceId": str,
					"clientId":   str,
				}}},
			}}},
			"platform": {typ: tMap, sub: &schema{name: "platform", fields: map[string]schemaField{
				"os":           str,
				"architecture": str,
			}}},
		}}},
		"spark": {typ: tMap, sub: &schema{name: "spark", fields: map[string]schemaField{
			"repositories":     {typ: tSeq},
			"packages":         {typ: tSeq},
			"precachePackages": {typ: tBool},
		}}},
		"databricks": {typ: tMap, sub: openMap},
		"r":          {typ: tMap, sub: openMap},
	}}
}

// walkSchemas checks every environment and standalone conda file against
// its schema, calling visit for each key with its field (nil when unknown).
func walkSchemas(p *ir.Program, visit func(f *ir.File, s *schema, k, v *yaml.Node, fld *schemaField)) {
	for _, e := range p.Envs {
		s := envV2Schema()
		if e.Format == ir.FormatV1 {
			s = envV1Schema()
		}
		walkMapping(e.File, e.Node, s, visit, 0)
	}
	for _, c := range p.Condas {
		if !c.Inline {
			walkMapping(c.File, c.Node, condaSchema(), visit, 0)
		}
	}
}

func describe(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch v.Tag {
	case "!!int":
		return fmt.Sprintf("the number %s (quote it to make a string)", v.Value)
	case "!!float":
		return fmt.Sprintf("the number %s (quote it to make a string)", v.Value)
	case "!!bool":
		return fmt.Sprintf("the boolean %s", v.Value)
	case "!!str":
		return fmt.Sprintf("the string %q", textutil.Truncate(v.Value, 40))
	}
	return "a " + v.Tag + " value"
}

func walkMapping(f *ir.File, m *yaml.Node, s *schema, visit func(*ir.File, *schema, *yaml.Node, *yaml.Node, *schemaField), depth int) {
	if m == nil || m.Kind != yaml.MappingNode || s.open || depth > 20 {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		v = yamlnode.Resolve(v)
		fld, ok := s.fields[k.Value]
		if !ok {
			visit(f, s, k, v, nil)
			continue
		}
		visit(f, s, k, v, &fld)
		if fld.sub != nil && v.Kind == yaml.MappingNode {
			walkMapping(f, v, fld.sub, visit, depth+1)
		}
	}
}
