// A small dialog that asks for the gateway's API key. Requests refused at the same time share one prompt.
let pending = null;

/** Resolves with the key the person entered, or null when they cancelled. */
export function askForApiKey(reason) {
  pending ??= showDialog(reason).finally(() => {
    pending = null;
  });
  return pending;
}

function showDialog(reason) {
  const dialog = document.createElement('dialog');
  dialog.className = 'api-key-dialog';
  dialog.innerHTML = `
    <form method="dialog">
      <h2>API key</h2>
      <p class="reason"></p>
      <label>Key <input name="key" type="password" autocomplete="off" required /></label>
      <p class="hint">Stored in this browser only (localStorage <code>tsm.apiKey</code>) and sent as <code>X-Api-Key</code>.</p>
      <menu><button value="cancel" formnovalidate>Cancel</button><button value="save" class="primary">Save</button></menu>
    </form>`;
  dialog.querySelector('.reason').textContent = reason;
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const key = dialog.querySelector('input').value.trim();
      dialog.remove();
      resolve(dialog.returnValue === 'save' && key ? key : null);
    });
    dialog.showModal();
  });
}
