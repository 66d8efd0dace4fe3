// Gets one access token with the real @azure/identity package, configured only by the environment (as in a pod or
// under 'tessera run'), and prints it as JSON for the .NET tests to check. Usage:
//   node get-token.mjs workload-identity|managed-identity|default SCOPE [client_id=ID|object_id=ID|resource_id=ID]
import {
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";

const [kind, scope, selector] = process.argv.slice(2);

function managedIdentity() {
  if (!selector) {
    return new ManagedIdentityCredential();
  }
  const [name, value] = selector.split("=", 2);
  const options = { client_id: { clientId: value }, object_id: { objectId: value }, resource_id: { resourceId: value } };
  if (!options[name]) {
    throw new Error(`Unknown selector '${name}'; use client_id=, object_id= or resource_id=.`);
  }
  return new ManagedIdentityCredential(options[name]);
}

const credentials = {
  // Tessera is not a Microsoft cloud, so instance discovery must be off for a bare credential.
  "workload-identity": () => new WorkloadIdentityCredential({ disableInstanceDiscovery: true }),
  "managed-identity": managedIdentity,
  default: () => new DefaultAzureCredential(),
};

if (!credentials[kind] || !scope) {
  console.error(`Usage: node get-token.mjs ${Object.keys(credentials).join("|")} SCOPE [SELECTOR]`);
  process.exit(2);
}

try {
  const token = await credentials[kind]().getToken(scope);
  console.log(JSON.stringify({
    credential: kind,
    token: token.token,
    expiresOnTimestamp: token.expiresOnTimestamp,
    refreshAfterTimestamp: token.refreshAfterTimestamp ?? null,
  }));
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
