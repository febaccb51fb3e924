//! Lists the signed-in user's tracked devices and optionally forgets one.
//!
//! ```text
//! COGNITO_POOL_ID=eu-west-1_AbC COGNITO_CLIENT_ID=... COGNITO_ACCESS_TOKEN=eyJ... \
//! [COGNITO_ENDPOINT=http://127.0.0.1:9229] \
//! cargo run -p cognito-srp-http --example devices -- [forget DEVICE_KEY]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use cognito_srp_http::{Client, SecretString, UserPool};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let pool_id = var("COGNITO_POOL_ID")?;
    let access_token = SecretString::new(var("COGNITO_ACCESS_TOKEN")?);
    let mut builder = Client::builder().region_from_pool_id(&pool_id)?;
    if let Ok(endpoint) = var("COGNITO_ENDPOINT") {
        builder = builder.endpoint(endpoint);
    }
    let pool = UserPool::with_client(builder.build()?, pool_id, var("COGNITO_CLIENT_ID")?)?;

    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [command, key] = args.as_slice()
        && command == "forget"
    {
        pool.forget_device(&access_token, key).await?;
        println!("forgot {key}");
    }
    for device in pool.list_devices(&access_token).await? {
        println!(
            "{}  name={}  status={}",
            device.device_key,
            device.attribute("device_name").unwrap_or("-"),
            device.attribute("device_status").unwrap_or("-"),
        );
    }
    Ok(())
}
