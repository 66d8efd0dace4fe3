// Tessera's admin console: a thin page over the admin API. The token stays in this tab's sessionStorage and is sent
// only as a bearer token to this origin. Every value from the server is inserted as text, never as markup.
"use strict";

const tokenKey = "tessera.token";
const state = { tenant: null, identity: null };
const $ = (id) => document.getElementById(id);

function showStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

async function api(method, path, body) {
  const headers = { Authorization: "Bearer " + sessionStorage.getItem(tokenKey) };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }

  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    signOut("The server refused the token: it is wrong, expired or was replaced. Sign in again.");
    throw new Error("unauthorized");
  }

  if (!response.ok) {
    let detail = "HTTP " + response.status;
    try {
      const problem = await response.json();
      detail = (problem.errors && problem.errors.length > 0)
        ? problem.errors.map((e) => e.message).join(" ")
        : (problem.detail || detail);
    } catch {
      // Not a problem document; the status says enough.
    }
    throw new Error(detail);
  }

  return response.status === 204 ? null : response.json();
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "-" : String(text);
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function fill(tableId, items, render) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren();
  for (const item of items) {
    const row = document.createElement("tr");
    render(row, item);
    body.appendChild(row);
  }
}

async function loadTenants() {
  const server = await api("GET", "/admin/server");
  const tenants = await api("GET", "/admin/tenants");
  const select = $("tenant");
  select.replaceChildren();
  for (const tenant of tenants) {
    const option = document.createElement("option");
    option.value = tenant.id;
    option.textContent = tenant.name + " (" + tenant.id + ")";
    select.appendChild(option);
  }
  const preferred = tenants.find((t) => t.id === state.tenant) || tenants.find((t) => t.id === server.defaultTenantId);
  state.tenant = preferred ? preferred.id : (tenants[0] && tenants[0].id);
  select.value = state.tenant || "";
  $("who").textContent = "Tessera " + server.version + " at " + server.baseUrl;
}

async function loadIdentities() {
  const identities = await api("GET", "/admin/identities?tenant=" + encodeURIComponent(state.tenant));
  fill("identities", identities, (row, identity) => {
    row.className = "selectable" + (identity.clientId === state.identity?.clientId ? " selected" : "");
    row.dataset.clientId = identity.clientId;
    cell(row, identity.name);
    cell(row, identity.kind);
    cell(row, identity.clientId);
    cell(row, identity.identifierUri);
    row.addEventListener("click", () => selectIdentity(identity));
  });
}

async function selectIdentity(identity) {
  state.identity = identity;
  for (const row of $("identities").querySelectorAll("tbody tr")) {
    row.classList.toggle("selected", row.dataset.clientId === identity.clientId);
  }
  $("selected-identity").textContent = identity.name;
  $("credentials-panel").hidden = false;
  await guarded(loadCredentials);
}

async function loadCredentials() {
  const path = "/admin/identities/" + state.identity.clientId + "/federated-credentials";
  const credentials = await api("GET", path);
  fill("credentials", credentials, (row, credential) => {
    row.dataset.name = credential.name;
    cell(row, credential.name);
    cell(row, credential.issuer);
    // A flexible credential has a claims matching expression instead of a subject.
    cell(row, credential.subject ?? (credential.claimsMatchingExpression && credential.claimsMatchingExpression.value));
    cell(row, credential.audiences.join(", "));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Delete";
    remove.className = "delete-credential";
    remove.addEventListener("click", () => guarded(async () => {
      if (!confirm("Delete the federated credential '" + credential.name + "'?")) {
        return;
      }
      await api("DELETE", path + "/" + encodeURIComponent(credential.name));
      showStatus("Deleted federated credential '" + credential.name + "'.", false);
      await loadCredentials();
    }));
    row.appendChild(document.createElement("td")).appendChild(remove);
  });
}

async function loadSignIns() {
  const signIns = await api("GET", "/admin/sign-ins?limit=50&tenant=" + encodeURIComponent(state.tenant));
  fill("sign-ins", signIns, (row, signIn) => {
    row.className = signIn.outcome;
    cell(row, new Date(signIn.time).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z"));
    cell(row, signIn.outcome);
    cell(row, signIn.errorCode);
    cell(row, signIn.identityName || signIn.clientId);
    cell(row, signIn.subject);
    cell(row, signIn.errorDescription || signIn.resource, "reason");
  });
}

async function refresh() {
  await loadIdentities();
  await loadSignIns();
  if (state.identity) {
    await loadCredentials();
  }
}

async function guarded(action) {
  try {
    await action();
  } catch (error) {
    if (error.message !== "unauthorized") {
      showStatus(error.message, true);
    }
  }
}

async function signIn(token) {
  sessionStorage.setItem(tokenKey, token.trim());
  await loadTenants();
  $("sign-in-panel").hidden = true;
  $("main").hidden = false;
  $("sign-out").hidden = false;
  showStatus("Signed in.", false);
  await refresh();
}

function signOut(message) {
  sessionStorage.removeItem(tokenKey);
  state.identity = null;
  $("main").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in-panel").hidden = false;
  $("who").textContent = "";
  showStatus(message || "Signed out.", Boolean(message));
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("token").value;
    $("token").value = "";
    guarded(() => signIn(token));
  });
  $("sign-out").addEventListener("click", () => signOut());
  $("refresh").addEventListener("click", () => guarded(refresh));
  $("tenant").addEventListener("change", () => guarded(async () => {
    state.tenant = $("tenant").value;
    state.identity = null;
    $("credentials-panel").hidden = true;
    await refresh();
  }));
  $("credential-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      const audience = $("credential-audience").value.trim();
      const created = await api("POST", "/admin/identities/" + state.identity.clientId + "/federated-credentials", {
        name: $("credential-name").value.trim(),
        issuer: $("credential-issuer").value.trim(),
        subject: $("credential-subject").value.trim(),
        audiences: audience ? [audience] : null,
      });
      $("credential-form").reset();
      showStatus("Added federated credential '" + created.name + "'.", false);
      await loadCredentials();
    });
  });

  if (sessionStorage.getItem(tokenKey)) {
    guarded(() => signIn(sessionStorage.getItem(tokenKey)));
  }
});
