/** Entry point of the sign-in page: sign in with a name and a token or password, or sign out. */
import '../styles.css';
import { currentSession, nextPath, signIn, signOut, SignInError } from './session-client.ts';

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The page has no #${id} ${type.name}`);
  return found;
}

const form = element('sign-in-form', HTMLFormElement);
const nameInput = element('name', HTMLInputElement);
const secretInput = element('secret', HTMLInputElement);
const error = element('sign-in-error', HTMLElement);
const status = element('sign-in-status', HTMLElement);
const signedIn = element('signed-in', HTMLElement);
const signedInAs = element('signed-in-as', HTMLElement);

function showError(message: string): void {
  error.textContent = message;
  error.hidden = false;
  status.textContent = '';
}

function showSignedIn(name: string, role: string): void {
  signedInAs.textContent = `You are signed in as ${name} (${role}).`;
  signedIn.hidden = false;
  form.hidden = true;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  error.hidden = true;
  if (!nameInput.value.trim() || !secretInput.value) {
    showError('Enter your name and your token or password.');
    return;
  }
  status.textContent = 'Signing in…';
  signIn(nameInput.value, secretInput.value).then(
    () => window.location.assign(nextPath(window.location.search)),
    (failure: unknown) => showError(failure instanceof SignInError ? failure.message : 'Sign-in did not work; try again.'),
  );
});

element('sign-out', HTMLButtonElement).addEventListener('click', () => {
  signOut().then(
    () => {
      signedIn.hidden = true;
      form.hidden = false;
      status.textContent = 'You are signed out.';
    },
    (failure: unknown) => showError(failure instanceof Error ? failure.message : 'Signing out did not work.'),
  );
});

currentSession().then(
  (session) => {
    if (session.signedIn) showSignedIn(session.name, session.role);
  },
  (failure: unknown) => showError(failure instanceof Error ? failure.message : 'The observatory could not be reached.'),
);
