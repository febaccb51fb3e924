// amazon-cognito-identity-js in the browser bench (bundled by ../browser.mjs with esbuild): a
// function that signs the bench user in once (USER_SRP_AUTH) against `endpoint`.
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";

export function setup(endpoint, { pool, client, user, password }) {
  const userPool = new CognitoUserPool({ UserPoolId: pool, ClientId: client, endpoint: `${endpoint}/` });
  return () =>
    new Promise((resolve, reject) => {
      const cognitoUser = new CognitoUser({ Username: user, Pool: userPool });
      cognitoUser.authenticateUser(new AuthenticationDetails({ Username: user, Password: password }), {
        onSuccess: resolve,
        onFailure: reject,
      });
    });
}
