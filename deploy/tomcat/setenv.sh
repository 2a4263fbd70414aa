# $CATALINA_BASE/bin/setenv.sh -- read by catalina.sh (and so by `systemctl start tomcat10`
# on Debian's packaged Tomcat too: /usr/share/tomcat10/bin/setenv.sh, or the unit's EnvironmentFile).
# Sourced, not executed: it needs no execute bit.
#
# Portagent reads its settings from the process environment (lower precedence than JNDI entries
# in conf/Catalina/localhost/<app>.xml, see docs/configuration.md). Values already in the
# environment win over the defaults below.

# Data directory: both databases, the token secret, the lock and logs/portagent.log.
# Create it once: install -d -o tomcat -g tomcat -m 0750 /var/lib/portagent
export AGENTX_DIR="${AGENTX_DIR:-/var/lib/portagent}"

# Secrets live in a root-owned file readable by Tomcat's user, not in this script:
#   install -d -m 0750 -o root -g tomcat /etc/portagent
#   printf 'LLM_PROVIDER_KEY=%s\nJWT_SECRET=%s\n' 'sk-ant-api03-...' "$(openssl rand -base64 32)" > /etc/portagent/portagent.env
#   chown root:tomcat /etc/portagent/portagent.env && chmod 0640 /etc/portagent/portagent.env
PORTAGENT_ENV_FILE="${PORTAGENT_ENV_FILE:-/etc/portagent/portagent.env}"
if [ -r "$PORTAGENT_ENV_FILE" ]; then
  set -a
  . "$PORTAGENT_ENV_FILE"
  set +a
fi

# Optional settings (docs/configuration.md has them all):
# export LOG_LEVEL=info
# export INVITE_CODE_REQUIRED=true
# export HTTPS_PROXY=http://proxy.example.com:3128
# export TRUSTED_PROXIES=127.0.0.1,::1,10.0.0.5    # nginx on another host

# Memory: ~100 MB idle plus the conversations in flight; 512 MB suits a team.
CATALINA_OPTS="${CATALINA_OPTS:-} -Xms128m -Xmx512m"
export CATALINA_OPTS
