// Amplify JS v6 in the browser bench (bundled by ../browser.mjs with esbuild): a function that
// signs the bench user in once (USER_SRP_AUTH) against `endpoint`.
import { Amplify } from "aws-amplify";
import { signIn, signOut } from "aws-amplify/auth";

export async function setup(endpoint, { pool, client, user, password }) {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: pool, userPoolClientId: client, userPoolEndpoint: `${endpoint}/` } },
  });
  // A user signed in by an earlier setup (the stubbed runs and the real ones take turns).
  await signOut();
  let signedIn = false;
  return async () => {
    // Amplify refuses a second sign-in while a user is signed in: sign out locally first, inside
    // the timing, as the Node bench does.
    if (signedIn) await signOut();
    const result = await signIn({ username: user, password, options: { authFlowType: "USER_SRP_AUTH" } });
    if (!result.isSignedIn) throw new Error(JSON.stringify(result.nextStep));
    signedIn = true;
  };
}
