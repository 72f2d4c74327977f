package diagnose

import (
	"slices"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// Azure Storage's wordings for a refused or missing blob (AML915 forbidden
// blob, and the build's own log blob for AML901), the storage prose and
// mount inferences, kept apart from the registry tables in
// handlers_registry.go; onBlob in handlers_env.go uses them.

// storageCodes: Azure Storage's error codes for a request it refuses
// (Common REST API error codes; Shared access signature error codes), in
// addition to those in storageTexts.
var storageCodes = []string{
	"AuthorizationSourceIPMismatch", "AuthorizationProtocolMismatch", "AuthorizationServiceMismatch",
	"AuthorizationResourceTypeMismatch", "InsufficientAccountPermissions", "AccountIsDisabled",
	"NoAuthenticationInformation", "InvalidAuthenticationInfo",
	// KeyBasedAuthenticationNotPermitted's message (the account allows only
	// Microsoft Entra ID: shared keys and key-signed SAS are refused)
	"Key based authentication is not permitted",
	"The specified account is disabled", "being accessed does not have sufficient permissions to execute this operation",
	"Authentication information is not given in the correct format",
	// Azure Batch TaskFailureInformationCodes.BlobAccessDenied: "Access was
	// denied when trying to download a resource file required for the task"
	"BlobAccessDenied",
	// Azure ML's data runtime ("Troubleshoot data access errors": "The
	// authentication failed while trying to connect to the storage
	// account"), reading and writing a datastore; tune log azureml-examples-2994
	"ScriptExecution.StreamAccess.Authentication", "ScriptExecution.WriteStreams.Authentication",
	// the same runtime's native errors: "StreamError(PermissionDenied(…))",
	// "DestinationError(PermissionDenied(None))"
	"StreamError(PermissionDenied", "DestinationError(PermissionDenied", "DataAccessError(PermissionDenied",
	// the same, as batch endpoints log it ("Exception in
	// ScriptExecution.StreamAccess.Authentication": "ScriptExecutionException
	// was caused by StreamAccessException. StreamAccessException was caused
	// by AuthenticationException.", how-to-troubleshoot-batch-endpoints)
	"StreamAccessException was caused by AuthenticationException",
	// the Azure CLI's own words for a refused storage request (azure-cli
	// storage/__init__.py get_handler_suppress_some_400): AuthorizationFailure
	// as "The request may be blocked by network rules of storage account",
	// AuthenticationFailed as "Authentication failure. This may be caused by
	// either invalid account key, connection string or sas token value
	// provided for your storage account."
	"blocked by network rules of storage account", "invalid account key, connection string or sas token",
	// azcopy refusing before it asks (cmd/credentialUtil.go: "no SAS token
	// or OAuth token is present and the resource is not public", capitalised
	// in newer versions): the blob is not public and no SAS was given, the
	// guide's "add the SAS token to the URL"
	"OAuth token is present and the resource is not public",
	// azure-ai-evaluation's word for a 403 from the project's storage
	// ("Failed to upload evaluation run to the cloud due to insufficient
	// permission to access the storage.")
	"insufficient permission to access the storage",
	// azureml-core's AzureMLErrorStrings AUTHORIZATION_BLOB_STORAGE: the
	// workspace storage refused an upload (snapshot, outputs): "Encountered
	// authorization error while uploading to blob storage. Please check the
	// storage account attached to your workspace. …"
	"authorization error while uploading to blob storage",
	// azcopy on a 403 from the storage account (ste/mgr-JobPartTransferMgr.go:
	// "Authentication failed, it is either not correct, or expired, or does
	// not have the correct permission %s")
	"it is either not correct, or expired, or does not have the correct permission",
}

// storageMountFailed: blobfuse (v1: "Unable to start blobfuse.  Failed to
// connect to the storage container. There might be something wrong about
// the storage config, please double check the storage account name,
// account key/sas token/OAuth access token and container name. errno = %d")
// and blobfuse2 ("failed to initialize new pipeline [failed to
// authenticate credentials for azstorage]") refused by the storage account
// (azure-storage-fuse's TSG: an invalid account or key, or a container
// that does not exist): likely a forbidden blob.
var storageMountFailed = []string{"failed to authenticate credentials for azstorage", "Failed to connect to the storage container",
	// blobfuse2's newer wording ("failed to authenticate azstorage
	// credentials with error [BlockBlob::TestPipeline : …]")
	"failed to authenticate azstorage credentials"}

// storageRolesNeeded: the Azure CLI's words for AuthorizationPermissionMismatch
// ("You do not have the required permissions needed to perform this
// operation." and then the roles, "Storage Blob Data Contributor" …): the
// first line alone is generic, so the role list must follow within three lines.
const storageRolesNeeded = "You do not have the required permissions needed to perform this operation"

func followStorageRoles(a *analyzer, ev Evidence) {
	a.startFollow(func(a *analyzer, ev2 Evidence, t string) bool {
		if strings.Contains(t, "Storage Blob Data") || strings.Contains(t, "Storage Queue Data") {
			f := a.add(ForbiddenBlob, "", ev)
			f.addEvidence(ev2)
			return false
		}
		return true
	}, 3)
}

// storageException403: the .NET storage clients' "StorageException: The
// remote server returned an error: (403) Forbidden." (a request the
// storage account refused; the same words from any other .NET client are
// not about storage).
//
// Java's v12 clients say "BlobStorageException: Status code 403, …"
// (DataLakeStorageException, ShareStorageException alike).
func storageException403(text string) bool {
	return strings.Contains(text, "StorageException") && (strings.Contains(text, "(403)") || strings.Contains(text, "403 (") ||
		strings.Contains(text, "Status code 403") || strings.Contains(text, ": Forbidden"))
}

// sasExpired: a shared access signature past its expiry in the words of
// Azure Storage Explorer and the SDKs ("The SAS token has expired.", tune
// log azure-search-knowledge-mining-67); the guide's fix for a forbidden
// blob is to replace the SAS token. Only sasBareExpired are triggers:
// sasNamed's "SAS token" brings the lines of sasTokenExpired.
var (
	sasTokenExpired = []string{"SAS token has expired", "SAS token is expired", "SAS token expired"}
	sasBareExpired  = []string{"SAS has expired", "SAS is expired"}
	sasExpired      = slices.Concat(sasTokenExpired, sasBareExpired)
)

// sasNamed: a line naming a SAS token; sasRefusedRE: within the next lines,
// it failing ("…fails to authenticate. It looks as if it has expired.", tune
// log azure-docs-85569).
var (
	sasNamed     = []string{"SAS token", "sas_token", "SAS URI", "SAS URL"}
	sasRefusedRE = re(`(?i)\b(?:fail(?:s|ed)? to authenticate|(?:has|is|was) expired|not authorized|403)\b`)
)

// followSAS looks at a SAS line and the three after it for the token failing.
func followSAS(a *analyzer, ev Evidence, text string) {
	if sasRefusedRE.MatchString(text) {
		a.infer(ForbiddenBlob, "", ev)
		return
	}
	a.startFollow(func(a *analyzer, ev2 Evidence, t string) bool {
		if sasRefusedRE.MatchString(t) {
			f := a.infer(ForbiddenBlob, "", ev2)
			f.addEvidence(ev)
			return false
		}
		return true
	}, 3)
}

// blobMissing: Azure Storage's answer for a blob that is not there
// (Blob service error codes: BlobNotFound, "The specified blob does not
// exist."). Not a forbidden blob; it matters when the blob is a build log.
var blobMissing = []string{"BlobNotFound", "The specified blob does not exist"}

// buildLogURL reports whether a storage URL is an image build's log: an
// ACR task run's rawtext.log (what Azure ML links as "Build log:"), Azure
// ML's ImageLogs/<id>/build.log, or a job's 20_image_build_log.txt.
func buildLogURL(u string) bool {
	return strings.Contains(u, "rawtext.log") || strings.Contains(u, "/ImageLogs/") || strings.Contains(u, "image_build_log")
}

// storageProseRE: a poster saying a storage account or blob refused a
// request ("reads from the storage account … gets a 403 Forbidden",
// "accessing the blob container gives \"This request is not authorized\"").
var storageProseRE = re(`(?i)\b(?:storage account|blob(?: storage| container)?s?|datastore)\b[^.;!?]{0,80}?\b(?:403|forbidden|not authori[sz]ed|access (?:is )?denied|permission denied|authorization ?failure|authentication ?failed)\b` +
	`|\b(?:403|forbidden|not authori[sz]ed|access (?:is )?denied|authorization ?failure)\b[^.;!?]{0,80}?\b(?:storage account|blob(?: storage| container)?s?)\b`)

func storageProse(text string) bool {
	if !mayMatchFold(text, []string{"403", "forbidden", "authori", "denied", "authentication"}) {
		return false
	}
	return storageProseRE.MatchString(text)
}

// inferStorageProse: a post whose only failure is a poster's sentence that
// storage refused a request: a forbidden blob (likely).
func (a *analyzer) inferStorageProse() {
	a.inferFromProse(a.storageProseEv, ForbiddenBlob,
		"the text says the storage account refused the request: check the identity's role on it (Storage Blob Data Reader), its firewall, or the SAS token")
}

// inferMountRefused: blobfuse refused by the storage container (a wrong or
// rotated key or SAS, or a container that is not there): likely a
// forbidden blob; not when the post shows the key is no valid base64 (a
// malformed secret, which the labels keep as AML999).
func (a *analyzer) inferMountRefused() {
	if a.mountFailEv.Line == 0 || a.badKey {
		return
	}
	f := a.infer(ForbiddenBlob, "", a.mountFailEv)
	f.Severity = lint.Error
	f.explain("blobfuse could not authenticate to the storage container: check its account key or SAS (and that the container exists)")
}
